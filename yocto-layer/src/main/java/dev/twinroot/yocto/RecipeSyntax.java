package dev.twinroot.yocto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A line-level syntax check of BitBake metadata (.bb, .bbappend, .bbclass, .inc, .conf) that needs no BitBake:
 * every logical line (after {@code \} continuations) must be a comment, an assignment with a quoted value and
 * current override syntax ({@code :append}, never {@code _append}), a known statement ({@code inherit},
 * {@code require}, {@code addtask}, ...), or the start of a shell or Python function whose body ends with a
 * {@code }} line. Quotes and braces must balance. It reads text a person or a tool wrote, so any text gives
 * findings, never an exception; input and output are capped.
 */
final class RecipeSyntax {
    static final int MAX_CHARS = 1 << 20;
    static final int MAX_FINDINGS = 200;

    /** What the file may contain: recipes and classes may hold functions and tasks, configuration files not. */
    enum Kind { RECIPE, CONF }

    /** A shell or Python function, with its body lines (for checks such as "do_install installs the unit"). */
    record Function(String name, boolean python, int line, List<String> body) {
        Function {
            body = List.copyOf(body);
        }
    }

    /** What a file holds, as far as the checks need it. */
    record Parsed(List<Assignment> assignments, List<Function> functions, List<String> inherits,
                  List<Finding> findings) {
        Parsed {
            assignments = List.copyOf(assignments);
            functions = List.copyOf(functions);
            inherits = List.copyOf(inherits);
            findings = List.copyOf(findings);
        }

        /** Every value assigned to {@code variable} with any override, in file order. */
        List<Assignment> all(String variable) {
            return assignments.stream().filter(a -> a.variable().equals(variable) && a.flag().isEmpty()).toList();
        }

        Optional<Function> function(String name) {
            return functions.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    private static final Set<String> RECIPE_KEYWORDS = Set.of("inherit", "inherit_defer", "addtask", "deltask",
            "addhandler", "EXPORT_FUNCTIONS", "include", "require", "include_all", "unset", "addpylib");
    private static final Set<String> CONF_KEYWORDS = Set.of("include", "require", "include_all", "unset", "addpylib");
    private static final Set<String> OPERATORS = Set.of("=", "?=", "??=", ":=", "+=", "=+", ".=", "=.");
    private static final Pattern OLD_OPERATION = Pattern.compile("_(append|prepend|remove)(_|$)");
    // Package variables whose per-package form was VAR_${PN} before the ':' override syntax.
    private static final Pattern OLD_PACKAGE_OVERRIDE = Pattern.compile(
            "^(RDEPENDS|RRECOMMENDS|RSUGGESTS|RPROVIDES|RCONFLICTS|RREPLACES|FILES|ALLOW_EMPTY|SUMMARY|DESCRIPTION"
                    + "|LICENSE|CONFFILES|INSANE_SKIP|SYSTEMD_SERVICE|SYSTEMD_AUTO_ENABLE|INITSCRIPT_NAME"
                    + "|INITSCRIPT_PARAMS|PACKAGE_ARCH|pkg_postinst|pkg_preinst|pkg_postrm|pkg_prerm)_\\$\\{");

    private final String file;
    private final Kind kind;
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<String> inherits = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private RecipeSyntax(String file, Kind kind) {
        this.file = file;
        this.kind = kind;
    }

    /** The kind of a metadata file by its name, or empty for files that are not BitBake metadata. */
    static Optional<Kind> kindOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".bb") || name.endsWith(".bbappend") || name.endsWith(".bbclass") || name.endsWith(".inc")) {
            return Optional.of(Kind.RECIPE);
        }
        return name.endsWith(".conf") ? Optional.of(Kind.CONF) : Optional.empty();
    }

    static Parsed parse(String file, String text, Kind kind) {
        RecipeSyntax syntax = new RecipeSyntax(file, kind);
        if (text.length() > MAX_CHARS) {
            syntax.finding(0, "file-too-large", "expected at most " + MAX_CHARS + " characters, found " + text.length());
        } else {
            syntax.run(text.split("\n", -1));
        }
        return new Parsed(syntax.assignments, syntax.functions, syntax.inherits, syntax.findings);
    }

    private void run(String[] lines) {
        int i = 0;
        while (i < lines.length && findings.size() < MAX_FINDINGS) {
            int start = i;
            StringBuilder logical = new StringBuilder(strip(lines[i]));
            while (endsWithBackslash(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(strip(lines[++i]));
            }
            i++;
            String trimmed = logical.toString().strip();
            if (endsWithBackslash(logical)) {
                finding(start + 1, "continuation-at-end", "a line continued with '\\' where the file ends");
                trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (isDef(lines[start], trimmed)) {
                i = pythonDef(lines, i, start, trimmed);
            } else if (trimmed.endsWith("{") && trimmed.contains("(")) {
                i = function(lines, i, start + 1, trimmed);
            } else {
                statement(start + 1, trimmed);
            }
        }
        if (findings.size() >= MAX_FINDINGS) {
            findings.subList(MAX_FINDINGS, findings.size()).clear();
        }
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean endsWithBackslash(CharSequence s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end > 0 && s.charAt(end - 1) == '\\' && end == s.length();
    }

    private static boolean isDef(String raw, String trimmed) {
        return raw.startsWith("def ") && trimmed.endsWith(":") && trimmed.contains("(");
    }

    /** A top-level Python {@code def}: its body is every following indented or blank line. */
    private int pythonDef(String[] lines, int next, int start, String header) {
        int i = next;
        List<String> body = new ArrayList<>();
        while (i < lines.length && (lines[i].isBlank() || lines[i].startsWith(" ") || lines[i].startsWith("\t"))) {
            body.add(strip(lines[i]));
            i++;
        }
        String name = header.substring(4, header.indexOf('(')).strip();
        if (!isIdentifier(name)) {
            finding(start + 1, "bad-function-name", "a Python def needs an identifier as its name");
        }
        if (body.stream().allMatch(String::isBlank)) {
            finding(start + 1, "empty-function", "def " + name + " has no indented body");
        }
        functions.add(new Function(name, true, start + 1, body));
        return i;
    }

    /** {@code [python|fakeroot] name() {} ... a line holding only '}'}. */
    private int function(String[] lines, int next, int line, String header) {
        if (kind == Kind.CONF) {
            finding(line, "function-in-conf", "configuration files cannot define functions");
        }
        String head = header.substring(0, header.length() - 1).stripTrailing();
        boolean python = false;
        String name = head;
        boolean prefix = true;
        while (prefix) {
            prefix = false;
            for (String keyword : List.of("python", "fakeroot")) {
                if (name.startsWith(keyword + " ") || name.startsWith(keyword + "\t")
                        || name.startsWith(keyword + "(")) {
                    python |= keyword.equals("python");
                    name = name.substring(keyword.length()).strip();
                    prefix = true;
                }
            }
        }
        if (!name.endsWith(")") || name.indexOf('(') != name.lastIndexOf('(')
                || !name.substring(name.indexOf('(') + 1, name.length() - 1).isBlank()) {
            finding(line, "bad-function-header", "expected 'name() {' (functions take no parameters)");
        }
        name = name.substring(0, name.indexOf('(')).strip();
        if (name.isEmpty() && !python) {
            finding(line, "bad-function-name", "only Python functions may be anonymous");
        }
        if (!name.isEmpty() && !isName(name)) {
            finding(line, "bad-function-name", "a function name holds letters, digits, '_', '-', ':' and ${...}");
        }
        checkOverrideSyntax(line, name, "function " + name);
        int i = next;
        List<String> body = new ArrayList<>();
        while (i < lines.length && !strip(lines[i]).stripTrailing().equals("}")) {
            body.add(strip(lines[i]));
            i++;
        }
        if (i >= lines.length) {
            finding(line, "unterminated-function", "function " + (name.isEmpty() ? "(anonymous)" : name)
                    + " has no closing '}' line");
            functions.add(new Function(name, python, line, body));
            return i;
        }
        if (!python) {
            int depth = 0;
            for (String b : body) {
                if (!b.strip().startsWith("#")) {
                    depth += braceBalance(b);
                }
            }
            if (depth != 0) {
                finding(line, "unbalanced-braces", "function " + name + ": '{' and '}' in its body differ by " + depth);
            }
        }
        functions.add(new Function(name, python, line, body));
        return i + 1;
    }

    private void statement(int line, String text) {
        String word = firstWord(text);
        Set<String> keywords = kind == Kind.CONF ? CONF_KEYWORDS : RECIPE_KEYWORDS;
        if (keywords.contains(word)) {
            String rest = text.substring(word.length()).strip();
            if (rest.isEmpty()) {
                finding(line, "missing-argument", "'" + word + "' needs an argument");
            }
            if (word.equals("inherit") || word.equals("inherit_defer")) {
                for (String c : rest.split("\\s+")) {
                    if (!c.isEmpty()) {
                        inherits.add(c);
                    }
                }
            }
            if (word.equals("addtask") || word.equals("deltask")) {
                for (String task : rest.split("\\s+")) {
                    checkOverrideSyntax(line, task, "task " + task);
                }
            }
            checkBraces(line, rest);
            return;
        }
        if (kind == Kind.CONF && RECIPE_KEYWORDS.contains(word)) {
            finding(line, "statement-in-conf", "'" + word + "' is not allowed in a configuration file"
                    + (word.equals("inherit") ? " (use INHERIT += \"class\")" : ""));
            return;
        }
        String assignment = text;
        if (word.equals("export")) {
            assignment = text.substring(word.length()).strip();
            if (!assignment.isEmpty() && isName(assignment)) {
                return; // 'export VAR' alone exports an existing variable
            }
        }
        assignment(line, assignment);
    }

    private void assignment(int line, String text) {
        int i = 0;
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        String name = text.substring(0, i);
        Optional<String> flag = Optional.empty();
        if (i < text.length() && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) {
                finding(line, "unbalanced-brackets", "a variable flag opened with '[' is never closed");
                return;
            }
            flag = Optional.of(text.substring(i + 1, close));
            if (!isName(flag.get())) {
                finding(line, "bad-flag-name", "a variable flag name holds letters, digits, '_', '-' and '.'");
            }
            i = close + 1;
        }
        int opStart = i;
        // ':=', '.=', '+=' glued to the name: the name scan took their first character.
        if (flag.isEmpty() && !name.isEmpty() && i < text.length() && text.charAt(i) == '='
                && ":.+".indexOf(name.charAt(name.length() - 1)) >= 0) {
            name = name.substring(0, name.length() - 1);
            opStart = i - 1;
        }
        if (name.isEmpty()) {
            finding(line, "unparsed-line", "expected an assignment, a statement or a function");
            return;
        }
        int j = i;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j++;
        }
        if (opStart == i) {
            opStart = j;
        }
        int opEnd = opStart;
        while (opEnd < text.length() && opEnd - opStart < 3 && "=?:+.".indexOf(text.charAt(opEnd)) >= 0) {
            opEnd++;
        }
        String operator = text.substring(opStart, opEnd);
        // '=' followed by a '.' or '+' that starts no operator: take the longest operator that is one.
        while (!operator.isEmpty() && !OPERATORS.contains(operator)) {
            operator = operator.substring(0, operator.length() - 1);
            opEnd--;
        }
        if (operator.isEmpty()) {
            finding(line, "unparsed-line", "expected an assignment operator (=, ?=, ??=, :=, +=, =+, .=, =.) after "
                    + "the variable name");
            return;
        }
        String value = text.substring(opEnd).strip();
        if (value.isEmpty() || (value.charAt(0) != '"' && value.charAt(0) != '\'')) {
            finding(line, "unquoted-value", "the value of " + name + " must be in double or single quotes");
            return;
        }
        char quote = value.charAt(0);
        if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
            finding(line, "unbalanced-quotes", "the value of " + name + " opens with " + quote
                    + " but does not end with it");
            return;
        }
        if (!isName(name)) {
            finding(line, "bad-variable-name", "a variable name holds letters, digits, '_', '-', ':' and ${...}");
        }
        checkOverrideSyntax(line, name, "variable " + name);
        checkBraces(line, name);
        String inner = value.substring(1, value.length() - 1);
        checkBraces(line, inner);
        assignments.add(new Assignment(name, flag, operator, inner, line));
    }

    private void checkOverrideSyntax(int line, String name, String what) {
        String plain = name.replaceAll("\\$\\{[^}]*\\}", "X");
        if (OLD_OPERATION.matcher(plain).find()) {
            finding(line, "old-override-syntax", what + " uses the old '_append/_prepend/_remove' syntax; "
                    + "write ':append', ':prepend', ':remove' (BitBake 2.0+)");
        } else if (OLD_PACKAGE_OVERRIDE.matcher(name).find()) {
            finding(line, "old-override-syntax", what + " uses the old 'VAR_${PN}' syntax; write 'VAR:${PN}'");
        }
    }

    private void checkBraces(int line, String text) {
        int depth = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth < 0) {
                    finding(line, "unbalanced-braces", "a '}' closes nothing at column " + (k + 1));
                    return;
                }
            }
        }
        if (depth != 0) {
            finding(line, "unbalanced-braces", depth + " '{' never closed");
        }
    }

    private static int braceBalance(String text) {
        int depth = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return depth;
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "_-.+/~${}:@".indexOf(c) >= 0;
    }

    private static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (!isNameChar(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    private void finding(int line, String rule, String message) {
        if (findings.size() < MAX_FINDINGS + 1) {
            findings.add(new Finding(file, line, rule, message));
        }
    }
}
