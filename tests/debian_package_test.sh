#!/usr/bin/env bash
# The Debian package of `make package` (cmake/Gt3Package.cmake) and its systemd units:
#   units     systemd-analyze verify passes on deploy/systemd/*.service, silently: an unknown key
#             or a bad value is only a warning there, so any output fails the test;
#   contents  cpack builds the .deb into the work directory; its files, modes, conffiles and
#             Depends are the expected ones, the packed program runs, and no dev file is in it;
#   lintian   lintian finds no error in the .deb that `contents` left (warnings are printed).
# Everything happens under <work dir>, in the build tree.
#   tests/debian_package_test.sh units    <source dir> <work dir> <path to gt3-bypass>
#   tests/debian_package_test.sh contents <source dir> <work dir> <build dir> <version>
#   tests/debian_package_test.sh lintian  <source dir> <work dir>
set -euo pipefail
mode=$1 source_dir=$2 work=$3

source "$(dirname "$0")/lib.sh"

units=(gt3-bypass.service gt3-bypass-monitor.service)

verify_units() {
  local bin=$1 root=$work/root out unit paths=()
  rm -rf "$root"
  mkdir -p "$root/usr/bin" "$root/lib/systemd"
  # The targets the units name (network-online, multi-user) and those every service pulls in.
  cp -a /lib/systemd/system "$root/lib/systemd/"
  # verify checks that the Exec lines' programs exist and are executable, under --root.
  cp "$bin" "$root/usr/bin/gt3-bypass"
  mkdir -p "$root/bin"
  cp /bin/kill "$root/bin/kill"  # ExecReload (procps)
  for unit in "${units[@]}"; do
    cp "$source_dir/deploy/systemd/$unit" "$root/lib/systemd/system/$unit"
    paths+=("$root/lib/systemd/system/$unit")
  done
  out=$(systemd-analyze verify --man=no --root="$root" "${paths[@]}" 2>&1) ||
    fail "systemd-analyze verify failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warned (a typo or a bad value): $out"
  echo "units ok: ${units[*]}"
}

the_deb() {
  local debs=("$work"/gt3-bypass_*.deb)
  [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one gt3-bypass_*.deb in $work"
  echo "${debs[0]}"
}

# One line of `dpkg-deb -c`: mode, root/root, the path.
expect_entry() {  # listing mode path
  grep -Eq "^$2 root/root +[0-9]+ [0-9-]+ [0-9:]+ \./${3#/}\$" <<<"$1" ||
    fail "no $3 with mode $2 owned by root/root in the package:
$1"
}

check_contents() {
  local build_dir=$1 version=$2 deb listing root=$work/root field
  rm -rf "$work"
  mkdir -p "$work"
  cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 ||
    fail "cpack failed: $(cat "$work/cpack.log")"
  deb=$(the_deb)
  dpkg-deb -I "$deb"

  [ "$(dpkg-deb -f "$deb" Package)" = gt3-bypass ] || fail "the package is not named gt3-bypass"
  field=$(dpkg-deb -f "$deb" Version)
  [ "$field" = "$version-1" ] || fail "Version is '$field', not '$version-1' (project())"
  field=$(dpkg-deb -f "$deb" Depends)
  [ -n "$field" ] || fail "Depends is empty: dpkg-shlibdeps computed nothing"
  [[ $field == *libc6* ]] || fail "Depends names no libc6: $field"

  listing=$(dpkg-deb -c "$deb")
  expect_entry "$listing" -rwxr-xr-x /usr/bin/gt3-bypass
  expect_entry "$listing" -rw-r----- /etc/gt3-bypass/gt3.toml
  expect_entry "$listing" -rw-r--r-- /lib/systemd/system/gt3-bypass.service
  expect_entry "$listing" -rw-r--r-- /lib/systemd/system/gt3-bypass-monitor.service
  expect_entry "$listing" -rw-r--r-- /usr/share/doc/gt3-bypass/copyright
  expect_entry "$listing" -rw-r--r-- /usr/share/doc/gt3-bypass/changelog.Debian.gz
  if grep -E '\./usr/(include|lib/cmake)/|\.a$|\.h$' <<<"$listing"; then
    fail "the package holds C++ dev files (component dev); it is the daemon only"
  fi

  mkdir -p "$work/control"
  dpkg-deb -e "$deb" "$work/control"
  field=$(cat "$work/control/conffiles")
  [ "$field" = /etc/gt3-bypass/gt3.toml ] ||
    fail "DEBIAN/conffiles does not list exactly /etc/gt3-bypass/gt3.toml: $field"

  dpkg-deb -x "$deb" "$root"
  cmp "$source_dir/gt3.example.toml" "$root/etc/gt3-bypass/gt3.toml" ||
    fail "/etc/gt3-bypass/gt3.toml is not gt3.example.toml"
  for unit in "${units[@]}"; do
    cmp "$source_dir/deploy/systemd/$unit" "$root/lib/systemd/system/$unit" ||
      fail "$unit differs from deploy/systemd/$unit"
  done
  if readelf -S "$root/usr/bin/gt3-bypass" | grep -q '\.symtab'; then
    fail "/usr/bin/gt3-bypass is not stripped (CPACK_STRIP_FILES)"
  fi
  gzip -t "$root/usr/share/doc/gt3-bypass/changelog.Debian.gz" ||
    fail "changelog.Debian.gz is not a valid gzip file"
  field=$("$root/usr/bin/gt3-bypass" --version) || fail "the packed program's --version failed"
  [[ $field == *"$version"* ]] || fail "the packed program's --version printed '$field'"
  echo "contents ok: $(basename "$deb")"
}

check_lintian() {
  local deb out rc=0
  deb=$(the_deb)
  # lintian fails on errors only (--fail-on error, its default), and on a run that broke.
  out=$(lintian --tag-display-limit 0 "$deb" 2>&1) || rc=$?
  [ -z "$out" ] || echo "$out"
  if grep -q '^E:' <<<"$out"; then
    fail "lintian reports errors (the E: lines above)"
  fi
  [ "$rc" -eq 0 ] || fail "lintian exited $rc"
  echo "lintian ok: no error in $(basename "$deb")"
}

case $mode in
  units) verify_units "$4" ;;
  contents) check_contents "$4" "$5" ;;
  lintian) check_lintian ;;
  *) fail "unknown mode '$mode': units, contents or lintian" ;;
esac
