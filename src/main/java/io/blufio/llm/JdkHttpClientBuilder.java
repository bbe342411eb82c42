package io.blufio.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * Builds the {@link JdkHttpClient} handed to LangChain4j's model builders. Its timeouts are blufio's
 * ({@link JdkHttpClient#CONNECT_TIMEOUT} and {@code llm.request_timeout_s}); the values LangChain4j passes
 * to {@link #connectTimeout(Duration)} and {@link #readTimeout(Duration)} are its own defaults (15 s / 60 s,
 * or one {@code timeout} for both) and are deliberately ignored.
 */
final class JdkHttpClientBuilder implements HttpClientBuilder {
    private final Vendor vendor;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Sleeper sleeper;

    /**
     * @param requestTimeout longest time one attempt may take, stream included ({@code llm.request_timeout_s})
     * @param maxRetries retries after a 429/5xx answer ({@code llm.max_retries})
     */
    JdkHttpClientBuilder(Vendor vendor, Duration requestTimeout, int maxRetries, Sleeper sleeper,
            RandomGenerator random) {
        this.vendor = vendor;
        this.requestTimeout = requestTimeout;
        this.retries = new RetryPolicy(maxRetries, random);
        this.sleeper = sleeper;
    }

    @Override
    public Duration connectTimeout() {
        return JdkHttpClient.CONNECT_TIMEOUT;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration ignored) {
        return this;
    }

    @Override
    public Duration readTimeout() {
        return requestTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration ignored) {
        return this;
    }

    @Override
    public JdkHttpClient build() {
        boolean tls = "https".equalsIgnoreCase(vendor.baseUrl().getScheme());
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(JdkHttpClient.CONNECT_TIMEOUT)
                // plain http is a local server (Ollama, tests): skip the h2c upgrade dance
                .version(tls ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1)
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return new JdkHttpClient(http, requestTimeout, retries, sleeper, new ProviderFailures(vendor, requestTimeout));
    }
}
