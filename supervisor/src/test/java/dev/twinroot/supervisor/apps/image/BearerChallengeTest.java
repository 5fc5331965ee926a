package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.net.URI;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void readsWhatRegistriesSend() throws AppsFormatException {
        assertEquals(Optional.of(new BearerChallenge(URI.create("https://auth.docker.io/token"),
                        Optional.of("registry.docker.io"), Optional.of("repository:library/busybox:pull"))),
                BearerChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                        + "scope=\"repository:library/busybox:pull\""));
        assertEquals(Optional.of(new BearerChallenge(URI.create("http://127.0.0.1:5001/token"), Optional.of("r"),
                        Optional.of("repository:a/b:pull,push"))),
                BearerChallenge.parse("bearer  realm=\"http://127.0.0.1:5001/token\", service=r, "
                        + "scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\""));
        assertEquals(Optional.of(new BearerChallenge(URI.create("https://a.example/t"), Optional.empty(), Optional.empty())),
                BearerChallenge.parse("Bearer realm=\"https://a.example/t\""));
        assertEquals(Optional.of("say \"hi\""), BearerChallenge.parse(
                "Bearer realm=\"https://a.example/t\",service=\"say \\\"hi\\\"\"").orElseThrow().service());
        assertEquals(Optional.empty(), BearerChallenge.parse("Basic realm=\"registry\""));
    }

    @Test
    void refusesMalformedChallengesSayingWhere() {
        assertEquals("WWW-Authenticate: a Bearer challenge without realm", refused("Bearer service=\"x\""));
        assertEquals("WWW-Authenticate: realm must be an absolute http(s) URI with a host",
                refused("Bearer realm=\"file:///etc/passwd\""));
        assertEquals("WWW-Authenticate: realm must be an absolute http(s) URI with a host", refused("Bearer realm=\"/token\""));
        assertEquals("WWW-Authenticate: unterminated quoted value of realm", refused("Bearer realm=\"https://a/t"));
        assertEquals("WWW-Authenticate: realm given twice", refused("Bearer realm=\"https://a/t\",realm=\"https://b/t\""));
        assertEquals("WWW-Authenticate: expected name=value at character 0", refused("Bearer =x"));
        assertTrue(refused("Bearer realm=\"https://a/" + "x".repeat(9000) + "\"").startsWith("WWW-Authenticate: 90"));
    }

    @Test
    void randomHeadersGiveAChallengeNothingOrTheFormatException() {
        Random r = new Random(11);
        String alphabet = "Bearer realm=\"https://a.example/t\",service= scope:\\\"\t,=x/\u00e9\u0000";
        int challenges = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(i % 3 == 0 ? "Bearer realm=\"https://a.example/t\"" : "Bearer ");
            int n = r.nextInt(40);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                if (BearerChallenge.parse(sb.toString()).isPresent()) {
                    challenges++;
                }
            } catch (AppsFormatException expected) {
                // refused
            }
        }
        assertTrue(challenges > 100, "the loop reached valid challenges " + challenges + " times");
    }

    private static String refused(String header) {
        return assertThrows(AppsFormatException.class, () -> BearerChallenge.parse(header)).getMessage();
    }
}
