package dev.twinroot.supervisor.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed request: method, path and query of the target, headers by lower-case name, and the body. Only
 * what {@link HttpRequestParser} accepted can be in here.
 */
public record HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                          byte[] body) {

    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequest r && method.equals(r.method) && path.equals(r.path) && query.equals(r.query)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return (method + " " + path).hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes)";
    }
}
