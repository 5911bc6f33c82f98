#!/usr/bin/env bash
# Builds a Java 17 base image as a `docker save`-style tarball from this machine's own JDK, for Jib's
# `tar://` base (-Djib.from.image=tar://<absolute path>): an image can then be built with no registry at all.
# Contents: a jlink'ed runtime (every Java SE module plus the JDK modules servers use) at /opt/java/openjdk,
# only the shared libraries it and the app's native parts (Netty epoll, JNA/Argon2) link against,
# /etc/passwd with the image's user 10001, /tmp (1777), CA certificates. No shell, no package manager.
# Where a registry is reachable, a maintained base (eclipse-temurin:17-jre, the pom's default) gets security
# updates; this one is as current as this machine's JDK and glibc.
#
# Usage: src/container/base-image.sh [output.tar]   (default target/base-image.tar)
set -euo pipefail

out=$(realpath -m "${1:-target/base-image.tar}")
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
runtime=$root/opt/java/openjdk

# Headless server: these desktop/sound/smart-card libraries stay in the runtime but would drag in X11, GTK,
# ALSA...; their own dependencies are not copied (loading one would fail, and nothing here loads them).
skip='libawt_xawt|libsplashscreen|libjawt|libjsound|libfontmanager|liblcms|libjavajpeg|libj2pcsc'
modules=java.se,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.security.jgss,jdk.jcmd

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$runtime"

# Debian's JDK links its security files to /etc: keep real files in the image.
for f in "$runtime"/lib/security/*; do
  [ -L "$f" ] && cp --remove-destination "$(readlink -f "$f")" "$f"
done
[ -f /etc/ssl/certs/java/cacerts ] && cp /etc/ssl/certs/java/cacerts "$runtime/lib/security/cacerts"

# Every library the runtime links against, plus the ones Netty's epoll and Argon2's native code need.
libs=$( { find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) | grep -Ev "/($skip)\.so$" | xargs ldd 2>/dev/null || true; } \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$runtime" | sort -u)
for lib in $libs /lib/x86_64-linux-gnu/libdl.so.2 /lib/x86_64-linux-gnu/librt.so.1 \
    /lib/x86_64-linux-gnu/libpthread.so.0 /lib64/ld-linux-x86-64.so.2; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

mkdir -p "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nclinic:x:10001:0:clinic-api:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

# One layer, reproducible (sorted, epoch times, root-owned), then the config and manifest `docker save` writes.
image=$work/image
mkdir -p "$image"
(cd "$root" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$image/layer.tar" ./*)
diff_id=sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
cat > "$image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"src/container/base-image.sh (jlink of $("$java_home/bin/java" -version 2>&1 | head -1 | tr -d '"'))"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["clinic-api-base:local"],"Layers":["layer.tar"]}]\n' > "$image/manifest.json"
mkdir -p "$(dirname "$out")"
(cd "$image" && tar --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out" manifest.json config.json layer.tar)
echo "base image: $out ($(du -h "$out" | cut -f1), layer $diff_id)"
