# Shared by ./javix, scripts/dev, scripts/test and .ci/run: find JDK 25 and export JAVA_HOME;
# the JVM flags javix runs with. Sourced, not executed.

# The JVM flags of ./javix and scripts/dev. -XX:-UseCompressedOops: compiled guest code reaches a
# page's words through a reference (Tlb.readData[i]), on the dependent chain of every guest memory
# access; a compressed one must be decoded first (a shift and an add). Plain 64-bit references
# made guest/bench/http_parse 8-9% faster, cpubench 4-5% and the epoll server 2-11%
# (bench/RESULTS.md, ninth session); guest pages are long[] and do not grow, only the kernel's own
# objects' references do.
JAVIX_JVM_FLAGS=(-XX:+UseParallelGC -XX:-UseCompressedOops -XX:-DontCompileHugeMethods -Xss8m)

javix_find_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
            /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk-arm64 /usr/lib/jvm/*25*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        if "$candidate/bin/java" -version 2>&1 | head -n 1 | grep -q '"25'; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "javix: JDK 25 not found (looked at \$JAVA_HOME and /usr/lib/jvm/*25*)." >&2
    echo "javix: install one, e.g. Temurin 25, and/or set JAVA_HOME to it." >&2
    return 1
}
