package dev.javix.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.testing.GuestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end: each HTTP server of guest/servers (one per I/O model) runs in a javix kernel in
 * this JVM on port 0, and a real host client talks to it over the AF_INET bridge: one client
 * disconnects in the middle of a request, one sends garbage (400), one sends two keep-alive
 * GETs on one connection, the second with "Connection: close". The server (started with
 * {@code -n 3}) must answer correctly and then exit with status 0 — so it survived the first
 * two clients.
 */
class ServersTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\n");

    /** Stdout of the guest, which also completes {@code port} when the first line is seen. */
    private static final class PortWatcher extends OutputStream {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        @Override
        public synchronized void write(int b) {
            all.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            all.write(b, off, len);
            check();
        }

        private void check() {
            if (port.isDone()) return;
            Matcher m = LISTENING.matcher(all.toString(StandardCharsets.UTF_8));
            if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"httpd-fork", "httpd-thread", "httpd-nonblock", "httpd-select", "httpd-poll",
            "httpd-epoll", "httpd-epoll-et", "httpd-sigio", "httpd-aio"})
    void servesKeepAliveRequests(String server) throws Exception {
        Path image = GuestRun.image();
        assertTrue(Files.isExecutable(image.resolve("usr/bin/" + server)), "built: " + server);
        PortWatcher out = new PortWatcher();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        KernelConfig config = KernelConfig.defaults(image)
                .withStreams(new ByteArrayInputStream(new byte[0]), out, err).withCpus(2);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Kernel k = new Kernel(config)) {
            String path = "/usr/bin/" + server;
            Future<Integer> run = ex.submit(() -> k.run(path, List.of(path, "-p", "0", "-n", "3", "-q"), List.of(), "/"));
            int port = out.port.get(60, TimeUnit.SECONDS);

            try (Socket s = connect(port)) { // disconnects in the middle of a request
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            try (Socket s = connect(port)) { // garbage: 400, then the server closes
                s.getOutputStream().write("\u0001\u0002 nonsense\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                Response r = Response.read(s.getInputStream());
                assertEquals(400, r.status, server + ": garbage gets 400");
                assertEquals(-1, s.getInputStream().read(), server + ": and the connection is closed");
            }
            try (Socket s = connect(port)) {
                OutputStream o = s.getOutputStream();
                InputStream in = s.getInputStream();
                o.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response first = Response.read(in);
                assertEquals(200, first.status, server + ": first GET");
                assertTrue(first.body.contains("Hello from " + server), server + ": body " + first.body);
                assertTrue(first.headers.contains("Connection: keep-alive"), first.headers);
                o.write("GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response second = Response.read(in);
                assertEquals(200, second.status, server + ": second GET on the same connection");
                assertEquals(first.body, second.body);
                assertTrue(second.headers.contains("Connection: close"), second.headers);
                assertEquals(-1, in.read(), server + ": Connection: close honoured");
            }
            int status = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, status, server + " exit status; stderr: " + err.toString(StandardCharsets.UTF_8));
        } finally {
            ex.shutdownNow();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** One HTTP/1.1 response with a Content-Length body. */
    private record Response(int status, String headers, String body) {
        static Response read(InputStream in) throws IOException {
            StringBuilder h = new StringBuilder();
            while (!h.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) throw new IOException("connection closed inside the headers: " + h);
                h.append((char) c);
            }
            String head = h.toString();
            int status = Integer.parseInt(head.substring(9, 12));
            Matcher m = Pattern.compile("Content-Length: (\\d+)").matcher(head);
            if (!m.find()) throw new IOException("no Content-Length: " + head);
            byte[] body = in.readNBytes(Integer.parseInt(m.group(1)));
            return new Response(status, head, new String(body, StandardCharsets.UTF_8));
        }
    }
}
