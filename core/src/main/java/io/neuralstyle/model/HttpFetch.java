package io.neuralstyle.model;

import io.neuralstyle.files.ErrorText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP GET streamed into a file and hashed (SHA-256) as it comes. The body is written by an
 * HTTP client thread; the calling thread reports progress and gives up when no data came for the
 * stall timeout (the client has no read timeout of its own), when the body outgrows its limit, or
 * when the file cannot be written. Every failure is a {@link WeightsException} of one line ending
 * in the caller's advice.
 */
final class HttpFetch {

    /** What a fetch reports, on the calling thread. */
    interface Progress {
        /** The server answered 200; {@code contentLength} is -1 when it did not say. */
        void started(long contentLength);

        /** Bytes of this response received so far. */
        void received(long bytes);
    }

    /**
     * Reports one or more fetches to a {@link DownloadListener} as one download: {@code started}
     * once, when the first server answers, then the bytes of all the fetches so far.
     */
    static final class Reporter implements Progress {
        private final DownloadListener listener;
        private final String what;
        private final long total;
        private long offset;
        private boolean started;

        /** @param total the size of the whole download, or -1 to take the first response's length */
        Reporter(DownloadListener listener, String what, long total) {
            this.listener = listener;
            this.what = what;
            this.total = total;
        }

        @Override
        public void started(long contentLength) {
            if (!started) {
                started = true;
                listener.started(what, total >= 0 ? total : contentLength);
            }
        }

        @Override
        public void received(long bytes) {
            listener.progress(offset + bytes);
        }

        /** The current fetch is done and had {@code bytes}; the next one's bytes come after them. */
        void next(long bytes) {
            offset += bytes;
        }

        /** Tells the listener that the download ended, once, if it was told that it started. */
        void finish() {
            if (started) {
                started = false;
                listener.finished();
            }
        }
    }

    private static final long PROGRESS_INTERVAL_MS = 100;

    private final HttpClient client;
    private final Duration stallTimeout;

    /** @param client the client to use, or null for one that follows redirects and connects within 30 s */
    HttpFetch(HttpClient client, Duration stallTimeout) {
        this.client = client != null ? client : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        this.stallTimeout = stallTimeout;
    }

    /**
     * Downloads {@code url} into {@code file} (created or truncated).
     *
     * @param maxBytes the most bytes accepted; a longer body is abandoned
     * @param advice what the user should do, appended to every error message
     * @return the SHA-256 of the body, in lower-case hex
     */
    String fetch(URI url, Path file, long maxBytes, Progress progress, String advice) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(stallTimeout).GET().build();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileSink sink = new FileSink(out, maxBytes);
            CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, info -> {
                sink.touch();
                if (info.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.replacing(null);
                }
                sink.total = info.headers().firstValueAsLong("content-length").orElse(-1);
                sink.ok = true;
                return HttpResponse.BodySubscribers.fromSubscriber(sink, FileSink::hex);
            });
            boolean started = false;
            long reported = -1;
            try {
                HttpResponse<String> response = null;
                while (response == null) {
                    try {
                        response = future.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        if (sink.failure != null || System.nanoTime() - sink.lastActivity > stallTimeout.toNanos()) {
                            future.cancel(true);
                            sink.cancel();
                            throw sink.failure != null ? failure(url, file, sink, advice)
                                    : new WeightsException("download of " + url + " stalled: no data for "
                                            + stallTimeout.toSeconds() + " s after " + sink.bytes.get() + " bytes; " + advice);
                        }
                    }
                    if (sink.ok) {
                        if (!started) {
                            progress.started(sink.total);
                            started = true;
                        }
                        long now = sink.bytes.get();
                        if (now != reported) {
                            progress.received(now);
                            reported = now;
                        }
                    }
                }
                if (response.statusCode() != 200) {
                    throw new WeightsException("cannot download " + url + ": HTTP " + response.statusCode() + "; " + advice);
                }
                long done = sink.bytes.get();
                if (sink.total >= 0 && done != sink.total) {
                    throw new WeightsException("download of " + url + " ended after " + done + " of " + sink.total
                            + " bytes; " + advice);
                }
                return response.body();
            } catch (ExecutionException e) {
                if (sink.failure != null) {
                    throw failure(url, file, sink, advice);
                }
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new WeightsException((sink.ok ? "download of " + url + " failed after " + sink.bytes.get() + " bytes"
                        : "cannot download " + url) + " (" + describe(cause) + "); " + advice, cause);
            } catch (InterruptedException e) {
                future.cancel(true);
                sink.cancel();
                Thread.currentThread().interrupt();
                throw new WeightsException("download of " + url + " interrupted; " + advice, e);
            }
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    private static WeightsException failure(URI url, Path file, FileSink sink, String advice) {
        if (sink.failure instanceof IOException io) {
            return cannotWrite(file, io);
        }
        return new WeightsException("download of " + url + " sent more than the " + sink.maxBytes
                + " bytes expected; " + advice);
    }

    private static WeightsException cannotWrite(Path file, IOException e) {
        return new WeightsException(file + ": cannot write the download (" + describe(e)
                + "); check the free space and permissions of " + file.toAbsolutePath().getParent()
                + ", or set XDG_CACHE_HOME to another folder", e);
    }

    /** Writes the body to the file as it comes, hashing it; runs on the HTTP client's threads. */
    private static final class FileSink implements Flow.Subscriber<List<ByteBuffer>> {
        private final FileChannel out;
        private final MessageDigest sha = sha256();
        final long maxBytes;
        final AtomicLong bytes = new AtomicLong();
        volatile long lastActivity = System.nanoTime();
        volatile long total = -1;
        volatile boolean ok;
        /** An IOException writing the file, or an IllegalStateException for a body over maxBytes. */
        volatile Exception failure;
        private volatile Flow.Subscription subscription;

        FileSink(FileChannel out, long maxBytes) {
            this.out = out;
            this.maxBytes = maxBytes;
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            try {
                for (ByteBuffer b : items) {
                    int n = b.remaining();
                    if (bytes.get() + n > maxBytes) {
                        failure = new IllegalStateException("more than " + maxBytes + " bytes");
                        subscription.cancel();
                        return;
                    }
                    sha.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    bytes.addAndGet(n);
                }
                touch();
                subscription.request(1);
            } catch (IOException e) {
                failure = e;
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            // the response future completes exceptionally with t
        }

        @Override
        public void onComplete() {
        }

        String hex() {
            if (failure != null) {
                throw new IllegalStateException("download failed", failure);
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    static String describe(Throwable e) {
        // Java gives these without a message, and their class names mean little to a user.
        if (e instanceof java.net.ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused or no network";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + ErrorText.oneLine(e.getMessage()) + ": no network, or no DNS";
        }
        String m = ErrorText.oneLine(e.getMessage());
        return m.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
