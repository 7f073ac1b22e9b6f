#!/usr/bin/env bash
# Installs what CodeFirstBpf needs on a fresh Debian/Ubuntu machine (as root) and mounts bpffs.
# Sourced by demo.sh and test.sh; idempotent and quiet when everything is already there.
set -euo pipefail

need=()
# docker-registry, skopeo, apache2-utils (htpasswd) and openssl are for the fleet tests: real OCI registries they start on free ports.
for pkg in libbpf1 libllvm19 clang-14 bpftool iproute2 docker-registry skopeo apache2-utils openssl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "CodeFirstBpf needs these packages: ${need[*]} — run as root or install them with apt-get." >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  # The package enables a registry service on the fixed port 5000; the tests start their own.
  if [[ " ${need[*]} " == *" docker-registry "* ]]; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now docker-registry >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/docker-registry ]; then
      /etc/init.d/docker-registry stop >/dev/null 2>&1 || true
    fi
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "CodeFirstBpf needs the .NET 10 SDK ('dotnet' is not on PATH)." >&2
  exit 1
fi

if ! mountpoint -q /sys/fs/bpf 2>/dev/null; then
  mount -t bpf bpf /sys/fs/bpf || echo "warning: could not mount bpffs at /sys/fs/bpf (pinning tests will fail)" >&2
fi

# Bpf.Printk output is read from the trace pipe (cfbpf trace, TracePipe): tracefs must be mounted.
if ! grep -qE '^\S+ \S+ tracefs ' /proc/mounts && [ -d /sys/kernel/tracing ]; then
  mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || echo "warning: could not mount tracefs at /sys/kernel/tracing (trace tests will fail)" >&2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
