package dev.twinroot.supervisor.apps.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.JsonFields;

/**
 * A token service's answer, {@code {"token": "..."}} or OAuth's {@code {"access_token": "..."}} (Docker's token
 * specification allows both; other fields such as {@code expires_in} are ignored). The token goes into a request
 * header, so it must be printable ASCII without spaces, at most {@link RegistryClient#MAX_TOKEN} characters.
 */
final class TokenResponse {

    private TokenResponse() {
    }

    static String token(byte[] body, String what) throws AppsFormatException {
        JsonNode root = JsonFields.object(JsonFields.tree(body, RegistryClient.MAX_TOKEN_RESPONSE, what), what);
        JsonNode t = root.has("token") ? root.get("token") : root.get("access_token");
        String token = JsonFields.plain(t, what + ": token", RegistryClient.MAX_TOKEN);
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new AppsFormatException(what + ": token: expected printable ASCII without spaces");
        }
        return token;
    }
}
