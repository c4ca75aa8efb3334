package dev.javix.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher put things: the built-in image and the guest programs, under javix.home. */
final class Launcher {
    private Launcher() {}

    /** javix.home (set by ./javix) or the working directory. */
    static Path home() {
        String h = System.getProperty("javix.home");
        return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
    }

    /** The built-in root image built from guest/ (target/image), or null if not built. */
    static Path defaultImage() {
        Path p = home().resolve("target/image");
        return Files.isDirectory(p) ? p : null;
    }
}
