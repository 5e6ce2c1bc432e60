# Sourced by the bench scripts: `kernel_source [DIR]` prints the Linux 6.12 source directory
# (DIR, else $KERNEL_DIR, else bench/out/linux-source-6.12), installing Debian's
# linux-source-6.12 and untarring mm/, fs/, include/ and scripts/ when the tree is absent.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

kernel_source() {
  local dir="${1:-${KERNEL_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/out/linux-source-6.12}}"
  if [ ! -f "$dir/mm/userfaultfd.c" ] || [ ! -f "$dir/scripts/checkpatch.pl" ]; then
    if [ ! -f /usr/src/linux-source-6.12.tar.xz ]; then
      echo "installing linux-source-6.12 ..." >&2
      as_root apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq linux-source-6.12 >&2
    fi
    mkdir -p "$(dirname "$dir")"
    tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$(dirname "$dir")" \
      linux-source-6.12/mm linux-source-6.12/fs linux-source-6.12/include linux-source-6.12/scripts >&2
    if [ "$(basename "$dir")" != linux-source-6.12 ]; then
      mv "$(dirname "$dir")/linux-source-6.12" "$dir"
    fi
  fi
  echo "$dir"
}
