#!/usr/bin/env bash
# The Debian package of `make package` (cmake/Gt3Package.cmake) and its systemd units:
#   units     systemd-analyze verify passes on deploy/systemd/*.service, silently: an unknown key
#             or a bad value is only a warning there, so any output fails the test;
#   contents  cpack builds the .deb into the work directory; its files, modes, conffiles,
#             maintainer scripts, man page and Depends are the expected ones, the packed program
#             runs, and no dev file is in it;
#   lintian   lintian finds no error in the .deb that `contents` left, and no warning but the
#             accepted ones below;
#   scripts   the maintainer scripts of deploy/debian, run against recording stand-ins for
#             deb-systemd-helper, deb-systemd-invoke and systemctl: a first install enables and
#             starts nothing, an upgrade try-restarts, a removal stops and masks, a purge forgets.
# Everything happens under <work dir>, in the build tree.
#   tests/debian_package_test.sh units    <source dir> <work dir> <path to gt3-bypass>
#   tests/debian_package_test.sh contents <source dir> <work dir> <build dir> <version>
#   tests/debian_package_test.sh lintian  <source dir> <work dir>
#   tests/debian_package_test.sh scripts  <source dir> <work dir>
set -euo pipefail
mode=$1 source_dir=$2 work=$3

source "$(dirname "$0")/lib.sh"

units=(gt3-bypass.service gt3-bypass-monitor.service)
scripts=(postinst prerm postrm)

# Lintian warnings this package accepts, each for a reason:
#   initial-upload-closes-no-bugs: the changelog closes no Debian bug; this is not in Debian.
#   non-standard-file-perm: /etc/gt3-bypass/gt3.toml is 0640 on purpose: it may hold secrets.
accepted_warnings=(initial-upload-closes-no-bugs non-standard-file-perm)

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
  expect_entry "$listing" -rw-r--r-- /usr/share/man/man1/gt3-bypass.1.gz
  if grep -E '\./usr/(include|lib/cmake)/|\.a$|\.h$' <<<"$listing"; then
    fail "the package holds C++ dev files (component dev); it is the daemon only"
  fi

  mkdir -p "$work/control"
  dpkg-deb -e "$deb" "$work/control"
  field=$(cat "$work/control/conffiles")
  [ "$field" = /etc/gt3-bypass/gt3.toml ] ||
    fail "DEBIAN/conffiles does not list exactly /etc/gt3-bypass/gt3.toml: $field"
  for script in "${scripts[@]}"; do
    [ -f "$work/control/$script" ] || fail "the package has no $script (deploy/debian/$script)"
    [ "$(stat -c %a "$work/control/$script")" = 755 ] ||
      fail "DEBIAN/$script is not mode 0755: $(stat -c %a "$work/control/$script")"
    cmp "$source_dir/deploy/debian/$script" "$work/control/$script" ||
      fail "DEBIAN/$script differs from deploy/debian/$script"
    sh -n "$work/control/$script" || fail "DEBIAN/$script is not valid sh"
  done

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
  check_man_page "$root/usr/share/man/man1/gt3-bypass.1.gz" "$version"
  field=$("$root/usr/bin/gt3-bypass" --version) || fail "the packed program's --version failed"
  [[ $field == *"$version"* ]] || fail "the packed program's --version printed '$field'"
  echo "contents ok: $(basename "$deb")"
}

# gt3-bypass(1): made from the program's --help (every subcommand named), its version, and the
# sections of deploy/debian/gt3-bypass.h2m; it renders without a groff warning.
check_man_page() {  # path version
  local page text warnings command
  page=$1
  gzip -t "$page" || fail "$page is not a valid gzip file"
  text=$(zcat "$page")
  [[ $text == *'.TH GT3-BYPASS "1"'* ]] || fail "the man page has no .TH GT3-BYPASS \"1\" line"
  [[ $text == *"$2"* ]] || fail "the man page does not name version $2"
  for command in serve monitor probe cloudsim demo; do
    [[ $text == *"$command"* ]] || fail "the man page does not name the subcommand $command"
  done
  for section in DESCRIPTION FILES ENVIRONMENT "EXIT STATUS" "SEE ALSO"; do
    grep -q "^\.SH \"\?$section" <<<"$text" || fail "the man page has no $section section"
  done
  warnings=$(zcat "$page" | LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 -ww -z 2>&1) ||
    fail "groff failed on the man page: $warnings"
  [ -z "$warnings" ] || fail "groff warns about the man page: $warnings"
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
  # "W: gt3-bypass: <tag> [<context>]": any warning but the accepted ones fails.
  local tag unexpected=
  while read -r tag; do
    [[ " ${accepted_warnings[*]} " == *" $tag "* ]] || unexpected+="$tag "
  done < <(sed -n 's/^W: [^:]*: \([^ ]*\).*/\1/p' <<<"$out")
  [ -z "$unexpected" ] || fail "lintian warns beyond the accepted list: $unexpected"
  [ "$rc" -eq 0 ] || fail "lintian exited $rc"
  echo "lintian ok: no error, no warning but ${accepted_warnings[*]} in $(basename "$deb")"
}

# Runs the maintainer scripts with stand-ins that record their calls; /run/systemd/system decides
# as on the host (the scripts reload and restart only where systemd runs).
check_scripts() {
  local bin=$work/bin log=$work/calls systemd=no
  rm -rf "$work"
  mkdir -p "$bin"
  for tool in deb-systemd-helper deb-systemd-invoke systemctl; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\n[ "$1 $2" != "--quiet was-enabled" ] || exit "${WAS_ENABLED:-1}"\n[ "$1" != debian-installed ] || exit "${DEBIAN_INSTALLED:-1}"\nexit 0\n' \
      "$tool" "$log" >"$bin/$tool"
    chmod +x "$bin/$tool"
  done
  [ -d /run/systemd/system ] && systemd=yes
  run() {  # script args...: the calls it made, one a line
    : >"$log"
    PATH="$bin:$PATH" sh -e "$source_dir/deploy/debian/$1" "${@:2}" ||
      fail "deploy/debian/$1 $* exited non-zero"
    cat "$log"
  }
  local calls
  calls=$(run postinst configure)
  if grep -Eq ' (enable|start|restart|try-restart) ' <<<"$calls"; then
    fail "a first install enabled or started a unit: $calls"
  fi
  grep -q 'deb-systemd-helper update-state gt3-bypass.service' <<<"$calls" ||
    fail "postinst configure did not record the unit's state: $calls"
  calls=$(DEBIAN_INSTALLED=0 WAS_ENABLED=0 run postinst configure 0.1.0-1)
  grep -q 'deb-systemd-helper enable gt3-bypass-monitor.service' <<<"$calls" ||
    fail "an upgrade dropped an enabled unit's symlinks: $calls"
  if [ $systemd = yes ]; then
    grep -q 'deb-systemd-invoke try-restart gt3-bypass.service' <<<"$calls" ||
      fail "an upgrade did not try-restart the service: $calls"
    grep -q 'systemctl --system daemon-reload' <<<"$calls" ||
      fail "an upgrade did not reload systemd: $calls"
  elif grep -q 'systemctl\|deb-systemd-invoke' <<<"$calls"; then
    fail "without systemd running, postinst called systemctl or deb-systemd-invoke: $calls"
  fi
  calls=$(run prerm upgrade 0.2.0-1)
  grep -q 'stop' <<<"$calls" && fail "prerm stopped a unit for an upgrade: $calls"
  calls=$(run prerm remove)
  if [ $systemd = yes ]; then
    grep -q 'deb-systemd-invoke stop gt3-bypass.service gt3-bypass-monitor.service' <<<"$calls" ||
      fail "prerm remove did not stop both units: $calls"
  else
    [ -z "$calls" ] || fail "without systemd running, prerm remove called: $calls"
  fi
  calls=$(run postrm remove)
  grep -q 'deb-systemd-helper mask gt3-bypass.service' <<<"$calls" ||
    fail "postrm remove did not mask the service: $calls"
  calls=$(run postrm purge)
  grep -q 'deb-systemd-helper purge gt3-bypass-monitor.service' <<<"$calls" ||
    fail "postrm purge did not forget the monitor's state: $calls"
  echo "scripts ok (systemd running here: $systemd)"
}

case $mode in
  units) verify_units "$4" ;;
  contents) check_contents "$4" "$5" ;;
  lintian) check_lintian ;;
  scripts) check_scripts ;;
  *) fail "unknown mode '$mode': units, contents, lintian or scripts" ;;
esac
