#!/usr/bin/env bash
# Checks the installer end to end on Linux (README "Building the installer"):
#   1. builds the app image and the .deb (mvn -Pdist package, tests skipped: run them separately);
#   2. copies the app image elsewhere (it must be relocatable) and, as a user with an empty home and
#      no java on the PATH, runs the packaged `graft --version` and a one-epoch training on the
#      bundled sample;
#   3. starts the packaged workbench twice (first start with the empty home, then a second) under
#      Xvfb, waits for its first frame, takes a screenshot and checks it is not blank;
#   4. checks that nothing was written into the user's home but user data (no libtorch in
#      ~/.djl.ai, no JavaFX in ~/.openjfx, no JNA in ~/.cache/JNA) and nothing into the image.
# Run as root, the app runs as a throw-away system user (graft-check, removed at the end), so its
# home really is empty: Java takes user.home from the password database, not from $HOME.
# With --install (root only) it also installs the .deb with apt-get, repeats 2-4 against /opt/graft
# and /usr/bin/graft, and purges the package again.
#
# Usage: src/dist/check-installer.sh [--skip-build] [--install] [--shots DIR]
#   --skip-build   reuse target/dist from an earlier build
#   --shots DIR    where screenshots go (default target/dist/check)
# Environment: DIST_DEB_COMPRESSION (default gzip:1, fast; the release default is dpkg's xz).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

build=1
install=0
shots="$root/target/dist/check"
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) build=0 ;;
    --install) install=1 ;;
    --shots) shots=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

passed=0
failed=0
ok() { echo "check: ok    $*"; passed=$((passed + 1)); }
bad() { echo "check: FAIL  $*"; failed=$((failed + 1)); }

# What the check needs on a bare Debian/Ubuntu: GTK 3 for the window, Xvfb and ImageMagick for the
# screenshot, fakeroot and binutils for jpackage's .deb and the strip step.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  packages=(xvfb xauth imagemagick libgtk-3-0 fonts-dejavu-core fakeroot binutils)
  if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
fi

t0=$(date +%s)
if [ "$build" = 1 ]; then
  mvn -B -ntp -q -Pdist -DskipTests -Ddist.debCompression="${DIST_DEB_COMPRESSION:-gzip:1}" package
fi
t1=$(date +%s)
image="$root/target/dist/Graft"
deb=$(ls "$root"/target/dist/graft_*.deb 2>/dev/null | head -1 || true)
if [ -x "$image/bin/graft" ]; then
  ok "app image built: $(du -sh "$image" | cut -f1) (runtime $(du -sh "$image/lib/runtime" | cut -f1))"
else
  bad "no app image in target/dist"
  echo "installer: $passed passed, $failed failed"
  exit 1
fi
[ -n "$deb" ] && ok "package built: $(basename "$deb") ($(du -h "$deb" | cut -f1))" || bad "no .deb in target/dist"
mkdir -p "$shots"

scratch=$(mktemp -d)
chmod 755 "$scratch"
# A PATH without java: the app must bring its own runtime.
nojava="$scratch/bin"
mkdir "$nojava"
for b in sh cat ls; do ln -s "$(command -v $b)" "$nojava/$b"; done

user=""
if [ "$(id -u)" = 0 ]; then
  user=graft-check
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir "$scratch/home" --shell /bin/sh "$user"
  fi
fi
cleanup() {
  rm -rf "$scratch"
  if [ -n "$user" ]; then userdel "$user" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# as_app CMD...: runs CMD as the app's user (the throw-away user when root)
as_app() {
  if [ -n "$user" ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# check_app NAME CLI GUI SAMPLE APPDIR: the command line, a training run and the window
check_app() {
  local name=$1 cli=$2 gui=$3 sample=$4 appdir=$5
  local home work
  work=$(mktemp -d "$scratch/work.XXXX")
  if [ -n "$user" ]; then
    home=$(mktemp -d "$scratch/home.XXXX")
    usermod --home "$home" "$user"
    chown "$user" "$home" "$work"
  else
    home=$(getent passwd "$(id -u)" | cut -d: -f6)
  fi
  local marker="$work/marker"
  touch "$marker"
  sleep 1

  local v
  v=$(cd "$work" && as_app env -i HOME="$home" PATH="$nojava" "$cli" --version 2>&1) || true
  [[ "$v" == graft\ * ]] && ok "$name: graft --version -> $v" || bad "$name: graft --version printed: $v"

  local ts
  ts=$(date +%s)
  if (cd "$work" && as_app env -i HOME="$home" PATH="$nojava" "$cli" train --data "$sample/emoji" --epochs 1 \
        --image-size 64 --out "$work/run" > "$work/train.log" 2>&1); then
    if [ -f "$work/run/model/serving.properties" ]; then
      ok "$name: graft train --epochs 1 --image-size 64 on the sample ($(( $(date +%s) - ts )) s): $(grep -m1 'completed' "$work/train.log")"
    else
      bad "$name: graft train exited 0 but wrote no model"; cat "$work/train.log"
    fi
  else
    bad "$name: graft train failed"; tail -20 "$work/train.log"
  fi

  # the window: a first start with a new empty home, then a second
  local homes="$home"
  if [ -n "$user" ]; then
    home=$(mktemp -d "$scratch/home.XXXX")
    usermod --home "$home" "$user"
    chown "$user" "$home"
    homes="$homes $home"
  fi
  for start in first second; do
    local out="$shots/$name-workbench-$start.png" log="$work/gui-$start.log"
    rm -f "$out"
    as_app touch "$log"
    (cd "$work" && as_app xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
      env -i DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" HOME="$1" PATH="$2" "$3" > "$4" 2>&1 &
      pid=$!
      for i in $(seq 1 900); do grep -q "first frame" "$4" && break; sleep 0.1; done
      sleep 12   # the engine warm-up, the model preview and the sample scan
      import -window root "$5"
      kill $pid; wait $pid 2>/dev/null || true' _ "$home" "$nojava" "$gui" "$log" "$work/shot.png") || true
    [ -f "$work/shot.png" ] && cp "$work/shot.png" "$out" && rm -f "$work/shot.png"
    local frame
    frame=$(grep -o "first frame after [0-9]* ms" "$log" || true)
    if [ -n "$frame" ] && [ -s "$out" ]; then
      # a real window has many colours; a blank or failed screen has a handful
      local colours
      colours=$(identify -format %k "$out" 2>/dev/null || echo 0)
      if [ "$colours" -gt 200 ]; then
        ok "$name: workbench $start start: $frame; screenshot $out"
      else
        bad "$name: workbench $start start: screenshot looks blank ($colours colours): $out"
      fi
    else
      bad "$name: workbench $start start: no first frame"; tail -20 "$log"
    fi
  done

  # Nothing in the home but user data. With the throw-away user: nothing at all except the desktop's
  # own caches (GTK's dconf, Mesa's shader cache), Java's preferences, and the two files Graft keeps
  # for the user by design: the window's remembered state (workbench.json in the config folder) and
  # how fast this machine ran each kind of recipe (speeds.json in the data folder). As a normal
  # user: no new native libraries in the usual places.
  local written="" h
  for h in $homes; do
    if [ -n "$user" ]; then
      written+=$(cd "$h" && find . -type f ! -path './.cache/dconf/*' ! -path './.cache/mesa_shader_cache/*' \
        ! -path './.java/.userPrefs/*' ! -path './.config/graft/workbench.json' \
        ! -path './.local/share/graft/speeds.json' | head -5)
    else
      written+=$(cd "$h" && find .djl.ai .openjfx .cache/JNA -newer "$marker" -type f 2>/dev/null | head -5)
    fi
  done
  [ -z "$written" ] && ok "$name: nothing written to the home folder" || bad "$name: written to the home folder: $written"
  written=$(find "$appdir" -newer "$marker" | head -5)
  [ -z "$written" ] && ok "$name: nothing written into $appdir" || bad "$name: written into the install folder: $written"
}

# The image, moved elsewhere: launchers resolve everything from their own location ($APPDIR).
moved="$scratch/Graft"
cp -a "$image" "$moved"
check_app image "$moved/bin/graft" "$moved/bin/Graft" "$moved/lib/app/datasets-sample" "$moved"
rm -rf "$moved"

if [ "$install" = 1 ]; then
  if [ "$(id -u)" != 0 ] || [ -z "$deb" ]; then
    bad "--install needs root and a .deb"
  elif dpkg-query -W -f='${Status}' graft 2>/dev/null | grep -q "ok installed"; then
    bad "--install: a graft package is already installed; remove it first (dpkg -P graft)"
  else
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null 2>&1 \
      && ok "installed $(basename "$deb") with apt-get: $(du -sh /opt/graft | cut -f1) in /opt/graft" \
      || bad "apt-get install $deb"
    [ "$(readlink /usr/bin/graft)" = /opt/graft/bin/graft ] && ok "/usr/bin/graft -> /opt/graft/bin/graft" \
      || bad "/usr/bin/graft missing"
    [ -f /usr/share/icons/hicolor/512x512/apps/graft.png ] && [ -f /usr/share/icons/hicolor/16x16/apps/graft.png ] \
      && ok "icon installed in the hicolor theme (16-512 px)" || bad "hicolor icons missing"
    ls /usr/share/applications/*graft-Graft.desktop >/dev/null 2>&1 && ok "desktop entry installed" \
      || bad "desktop entry missing"
    dpkg -s graft | grep -q "libgtk-3-0" && ok "the package depends on GTK 3" || bad "no GTK 3 dependency"
    check_app installed /usr/bin/graft /opt/graft/bin/Graft /opt/graft/lib/app/datasets-sample /opt/graft
    dpkg -P graft >/dev/null 2>&1 && [ ! -e /opt/graft ] && [ ! -e /usr/bin/graft ] \
      && ok "dpkg -P graft removed /opt/graft and /usr/bin/graft" || bad "dpkg -P graft left files behind"
  fi
fi

echo "check: build $(( t1 - t0 )) s, checks $(( $(date +%s) - t1 )) s"
echo "installer: $passed passed, $failed failed"
[ "$failed" = 0 ]
