package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

    static RegistryCredentials parse(String json) throws AppsFormatException {
        return RegistryCredentials.parse(json.getBytes(StandardCharsets.UTF_8), "creds.json");
    }

    static String refused(String json) {
        return assertThrows(AppsFormatException.class, () -> parse(json)).getMessage();
    }

    @Test
    void givesBasicAuthorizationForTheRegistriesItNames() throws AppsFormatException {
        RegistryCredentials c = parse("{\"registries\":{\"registry.example.com:5000\":{\"username\":\"dev\","
                + "\"password\":\"p:w\"}}}");
        assertEquals(Optional.of("Basic ZGV2OnA6dw=="), c.basicAuthorization("registry.example.com:5000"));
        assertEquals(Optional.empty(), c.basicAuthorization("registry.example.com"));
    }

    @Test
    void refusesWhatItCannotUseNamingTheField() {
        assertEquals("creds.json: unknown field \"auths\" (known: registries)", refused("{\"auths\":{}}"));
        assertEquals("creds.json: registries.\"a b\": expected host or host:port",
                refused("{\"registries\":{\"a b\":{\"username\":\"u\",\"password\":\"p\"}}}"));
        assertEquals("creds.json: registries.\"r\": unknown field \"token\" (known: password, username)",
                refused("{\"registries\":{\"r\":{\"username\":\"u\",\"password\":\"p\",\"token\":\"t\"}}}"));
        assertEquals("creds.json: registries.\"r\": username must be non-empty without ':' and neither may hold"
                + " control characters", refused("{\"registries\":{\"r\":{\"username\":\"u:v\",\"password\":\"p\"}}}"));
        assertEquals("creds.json: registries.\"r\".password: expected a string, found nothing",
                refused("{\"registries\":{\"r\":{\"username\":\"u\"}}}"));
    }

    @Test
    void tokenResponsesTakeEitherFieldAndOnlyHeaderSafeTokens() throws AppsFormatException {
        assertEquals("abc.def", TokenResponse.token("{\"token\":\"abc.def\",\"expires_in\":60}".getBytes(), "t"));
        assertEquals("xyz", TokenResponse.token("{\"access_token\":\"xyz\"}".getBytes(), "t"));
        assertEquals("t: token: expected printable ASCII without spaces", assertThrows(AppsFormatException.class,
                () -> TokenResponse.token("{\"token\":\"a\\r\\nX-Evil: 1\"}".getBytes(), "t")).getMessage());
        assertEquals("t: token: expected a string, found nothing", assertThrows(AppsFormatException.class,
                () -> TokenResponse.token("{}".getBytes(), "t")).getMessage());
    }
}
