package dev.javix.kernel.net.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.testing.GuestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A guest server reached from the host: guest/programs/inet_echo_server runs in a kernel in
 * this JVM, prints the port the host gave its listener, and Java clients connect to it on the
 * host's loopback; with --net=none its socket(2) fails with EAFNOSUPPORT.
 */
class InetBridgeTest {
    private static final Path SERVER = GuestRun.target().resolve("guest/programs/inet_echo_server");

    /** Console output that a test can wait on, line by line. */
    private static final class Console extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits for a line matching p; returns its matcher. */
        synchronized Matcher await(Pattern p, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (true) {
                Matcher m = p.matcher(text());
                if (m.find()) return m;
                long left = end - System.currentTimeMillis();
                if (left <= 0) throw new AssertionError("no " + p + " in guest output: " + text());
                wait(left);
            }
        }
    }

    private record Run(Kernel kernel, Future<Integer> status, Console out, ExecutorService executor) {}

    private static Run start(KernelConfig.NetMode net, String... args) {
        assumeTrue(Files.isRegularFile(SERVER), "guest programs not built");
        Console out = new Console();
        Path dir = SERVER.getParent();
        KernelConfig config = KernelConfig.defaults(GuestRun.image())
                .withMounts(List.of(new KernelConfig.Mount(dir.toString(), dir, false)))
                .withStreams(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream())
                .withCpus(2).withNet(net);
        Kernel k = new Kernel(config);
        List<String> argv = new ArrayList<>(List.of(SERVER.toString()));
        argv.addAll(List.of(args));
        ExecutorService ex = Executors.newSingleThreadExecutor();
        Future<Integer> f = ex.submit(() -> k.run(SERVER.toString(), argv, List.of(), dir.toString()));
        return new Run(k, f, out, ex);
    }

    private static void stop(Run r) {
        r.executor().shutdownNow();
        r.kernel().close();
    }

    /** Sends text (from another thread, so that neither side waits on a full buffer), then reads the echo to EOF. */
    private static String exchange(String host, int port, String text) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(30_000);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                } catch (java.io.IOException e) {
                    // the read below fails too
                }
            });
            InputStream in = s.getInputStream();
            String echo = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            writer.join(30_000);
            return echo;
        }
    }

    @Test
    void guestServerAnswersHostClients() throws Exception {
        Run r = start(KernelConfig.NetMode.LOOPBACK, "127.0.0.1", "3");
        try {
            int port = Integer.parseInt(r.out().await(Pattern.compile("port (\\d+)"), 60_000).group(1));
            assertTrue(port > 0);
            assertEquals("HELLO FROM THE HOST\n", exchange("127.0.0.1", port, "hello from the host\n"));
            // A larger exchange: more than the bridge's 64 KiB buffers in flight at once.
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 20000; i++) big.append("line ").append(i).append('\n');
            assertEquals(big.toString().toUpperCase(), exchange("127.0.0.1", port, big.toString()));
            assertEquals("X", exchange("127.0.0.1", port, "x"));
            assertEquals(0, r.status().get(60, TimeUnit.SECONDS) >> 8);
            long total = 20 + big.length() + 1;
            assertTrue(r.out().text().contains("served " + total + " bytes"), r.out().text());
        } finally {
            stop(r);
        }
    }

    @Test
    void idleCpusPollTheNetwork() throws Exception {
        // One connection at a time: between requests the server sleeps in accept or read and a
        // CPU is idle, so it waits in the selector itself, in the event thread's place.
        Run r = start(KernelConfig.NetMode.LOOPBACK, "127.0.0.1", "3");
        try {
            int port = Integer.parseInt(r.out().await(Pattern.compile("port (\\d+)"), 60_000).group(1));
            for (String w : List.of("one", "two", "three")) assertEquals(w.toUpperCase(), exchange("127.0.0.1", port, w));
            assertEquals(0, r.status().get(60, TimeUnit.SECONDS) >> 8);
            assertTrue(r.kernel().inet().loop().cpuRounds() > 0, "no CPU polled the network");
        } finally {
            stop(r);
        }
    }

    @Test
    void guestServerOnIpv6Loopback() throws Exception {
        Run r = start(KernelConfig.NetMode.LOOPBACK, "::1", "1");
        try {
            int port = Integer.parseInt(r.out().await(Pattern.compile("port (\\d+)"), 60_000).group(1));
            assertEquals("SIX", exchange("::1", port, "six"));
            assertEquals(0, r.status().get(60, TimeUnit.SECONDS) >> 8);
        } finally {
            stop(r);
        }
    }

    @Test
    void netNoneHasNoInetSockets() throws Exception {
        Run r = start(KernelConfig.NetMode.NONE);
        try {
            assertEquals(2, r.status().get(60, TimeUnit.SECONDS) >> 8);
            assertEquals("socket: EAFNOSUPPORT\n", r.out().text());
        } finally {
            stop(r);
        }
    }
}
