package dev.twinroot.updater.http;

import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS for the JDK's {@link HttpClient}, set up on the first https connection instead of when the client is built.
 *
 * <p>An {@code HttpClient} built without an {@code SSLContext} takes {@link SSLContext#getDefault()} in its
 * constructor, and the default parameters from it, even when it will only ever speak plain http: the JDK's TLS
 * provider, its cipher suites and the trust store's certificates. Measured on the build host, that is about 870
 * classes of the 1,270 a new client loads and three quarters of its creation time; on a device under emulation,
 * seconds of every install from an http:// URL and of the update agent's first check after each boot.
 *
 * <p>{@link #httpClient()} gives a builder whose context is the default one, made on first use, and whose
 * parameters name only the protocol versions (TLS 1.3 and 1.2) and leave everything else to the engine's client
 * defaults (cipher suites, algorithm constraints). The client itself still sets, per connection, host name
 * verification ({@code HTTPS} endpoint identification), SNI and ALPN, as it does with its own defaults.
 */
public final class DeferredTls {

    /** The JDK's default context, made on the first TLS connection of any client from {@link #httpClient()}. */
    private static final SSLContext DEFAULT = new DeferredContext(DeferredTls::jdkDefault);

    private DeferredTls() {
    }

    /** An {@code HttpClient} builder whose TLS is set up only if a connection needs it. */
    public static HttpClient.Builder httpClient() {
        return withContext(HttpClient.newBuilder(), DEFAULT);
    }

    /** As {@link #httpClient()}, with {@code context} (made when the first TLS connection asks for it). */
    static HttpClient.Builder withContext(HttpClient.Builder builder, SSLContext context) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        return builder.sslContext(context).sslParameters(parameters);
    }

    /** A context made by {@code delegate} on first use; what tests give {@link #withContext}. */
    static SSLContext deferred(Supplier<SSLContext> delegate) {
        return new DeferredContext(delegate);
    }

    private static SSLContext jdkDefault() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no default TLS context", e);
        }
    }

    private static final class DeferredContext extends SSLContext {
        DeferredContext(Supplier<SSLContext> delegate) {
            super(new Spi(delegate), null, "Default");
        }
    }

    /** Every operation on the context made on first use; it is already initialized, as the default one is. */
    private static final class Spi extends SSLContextSpi {
        private final Supplier<SSLContext> delegate;
        private volatile SSLContext context;

        Spi(Supplier<SSLContext> delegate) {
            this.delegate = delegate;
        }

        private SSLContext context() {
            SSLContext c = context;
            if (c == null) {
                synchronized (this) {
                    c = context;
                    if (c == null) {
                        c = delegate.get();
                        context = c;
                    }
                }
            }
            return c;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("a deferred default TLS context is initialized already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }
    }
}
