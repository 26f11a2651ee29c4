# shellcheck shell=bash
# Shared by scripts/container-check.sh and scripts/compose-check.sh (sourced, not run).
# Podman set up for this kind of host, and the local base images: a Debian bookworm minbase made with
# debootstrap (mirror taken from this machine's apt sources, so no registry host is written here), and
# the same plus this machine's own Node, npm and Node headers and a `node` user (uid 1000).
# Expects say() and WORK to be defined by the caller.

# Installs with apt those of the given tools that are missing (each tool is also its Debian package's
# name); returns 1 when that fails.
podman_install_tools() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing ${missing[*]} with apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# crun refuses hybrid cgroups and raising the open-files limit is refused here: runc, cgroupfs and no
# default ulimits, in a containers.conf that only adds to Podman's defaults. Set in the file (not only
# as flags) so that podman-compose's own podman calls get them too.
podman_configure() {
  mkdir -p "$WORK"
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n' \
    >"$WORK/containers.conf"
  export CONTAINERS_CONF="$WORK/containers.conf"
}
pm() { podman --runtime runc --cgroup-manager cgroupfs "$@"; }

NODE_BIN=$(readlink -f "$(command -v node)")
NODE_VERSION=$(node -p process.versions.node)
NODE_PREFIX=$(dirname "$(dirname "$NODE_BIN")")
DEBIAN_BASE="localhost/tanga-debian-base:bookworm-minbase"
NODE_BASE="localhost/tanga-node-base:$NODE_VERSION-bookworm"

apt_mirror() {
  # deb822 sources first (URIs:), then one-line sources; never the security archive.
  {
    grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{for (i = 2; i <= NF; i++) print $i}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -v -- '-security' | head -n 1
}

# One debootstrap gives both images: the plain minbase first (for images built from Debian packages,
# e.g. Redis), then the same tree with Node in /usr/local as the official node image lays it out.
build_base_images() {
  local mirror rootfs npm_dir
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || { say "no Debian mirror in this machine's apt sources"; return 1; }
  [ -d "$NODE_PREFIX/include/node" ] || { say "no Node headers at $NODE_PREFIX/include/node"; return 1; }
  npm_dir="$(npm root -g)/npm"
  rootfs="$WORK/rootfs"
  rm -rf "$rootfs"
  say "debootstrap bookworm minbase from this machine's apt mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 5 "$WORK/debootstrap.log"
    return 1
  }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  if ! pm image exists "$DEBIAN_BASE"; then
    tar -C "$rootfs" -c . | pm import --change 'CMD ["bash"]' - "$DEBIAN_BASE" >/dev/null 2>>"$WORK/import.log" || return 1
  fi
  install -D -m 0755 "$NODE_BIN" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  cp -a "$NODE_PREFIX/include/node" "$rootfs/usr/local/include/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node &&
    chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node || return 1
  tar -C "$rootfs" -c . | pm import --change 'CMD ["node"]' - "$NODE_BASE" >/dev/null 2>>"$WORK/import.log" || return 1
  rm -rf "$rootfs"
}

# Builds both base images unless they exist (cached by the Node version).
ensure_base_images() {
  if pm image exists "$NODE_BASE" && pm image exists "$DEBIAN_BASE"; then
    say "base images $DEBIAN_BASE and $NODE_BASE already built"
    return 0
  fi
  local t0=$SECONDS
  build_base_images || return 1
  say "base images built in $((SECONDS - t0)) s"
}

# Tanga's image from the real Dockerfile. The build trusts the host's CA bundle and uses the base's Node
# headers without baking either in: both come from mounts that exist only while a RUN step runs.
# --format docker keeps the HEALTHCHECK (the OCI format drops it). Args: image tag, log file.
build_tanga_image() {
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\n' >"$WORK/npmrc"
  pm build --format docker --pull=never --network=host --build-arg "NODE_IMAGE=$NODE_BASE" \
    -v /etc/ssl/certs:/etc/ssl/certs:ro -v "$WORK/npmrc:/usr/local/etc/npmrc:ro" \
    -t "$1" -f Dockerfile . >"$2" 2>&1
}
