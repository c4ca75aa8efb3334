# Shared by ./javix, scripts/test and .ci/run: find JDK 25 and export JAVA_HOME.
# Sourced, not executed.

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
