#!/bin/sh
# Retakes the README's screenshots of the desktop app under Xvfb, on a throwaway store
# made with the CLI (no VM runs; build states are written as a colleague's client would).
#   packaging/screenshots/take-screenshots.sh [BUILD_DIR]      (default: ./build)
# Needs Xvfb, xdotool, ImageMagick's import and sqlite3. Look at every picture before
# committing it: the script cannot tell a clipped label from a good one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
app=$build/app/gui/imagebuilder
cli=$build/app/cli/imagebuilder-cli
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export IMAGEBUILDER_DB=$work/store.sqlite IMAGEBUILDER_DATA_DIR=$work/data/ib
export DISPLAY=:97
Xvfb $DISPLAY -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1

printf '#!/bin/bash -e\nsudo apt-get update\nsudo apt-get install -y htop\necho "ready" > /tmp/ready\n' >"$work/setup.sh"
"$cli" template create --name analytics-db --os rocky:9 --app postgresql --app valkey --script "$work/setup.sh" >/dev/null
"$cli" template create --name java-batch --os ubuntu:24.04 --app openjdk --app tomcat --script "$work/setup.sh" >/dev/null 2>&1 ||
    "$cli" template create --name java-batch --os ubuntu:24.04 --script "$work/setup.sh" >/dev/null
"$cli" template create --name minimal-debian --os debian:12 --description "The base for everything else" >/dev/null
"$cli" template create --name web-frontend --os ubuntu:22.04 --app nginx --app nodejs --script "$work/setup.sh" >/dev/null 2>&1 ||
    "$cli" template create --name web-frontend --os ubuntu:22.04 --app nginx --script "$work/setup.sh" >/dev/null
"$cli" template create --name "결제 API 서버" --os debian:12 --app docker --app redis >/dev/null 2>&1 ||
    "$cli" template create --name "결제 API 서버" --os debian:12 --app docker >/dev/null

# Builds in four states, as rows another member's client wrote (no VM here).
state_row() { # template-name image-name state step cause
    tid=$(sqlite3 "$IMAGEBUILDER_DB" "SELECT id FROM templates WHERE name='$1'")
    id=$(cat /proc/sys/kernel/random/uuid)
    snapshot=$(sqlite3 "$IMAGEBUILDER_DB" "SELECT content FROM template_revisions WHERE template_id='$tid' LIMIT 1" 2>/dev/null || echo '{}')
    [ -n "$snapshot" ] || snapshot='{}'
    now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
    sqlite3 "$IMAGEBUILDER_DB" "INSERT INTO builds VALUES ('$id','$tid',1,'$(printf %s "$snapshot" | sed "s/'/''/g")','$2','base','{\"name\":\"debian-12\"}','local','$3','$4','$5','elsewhere',1,'','',0,'$now','$now','$( [ "$3" = running ] || echo "$now")')"
}
state_row analytics-db analytics-db-v3 succeeded cleanup ''
state_row java-batch java-batch-v1 cancelled launch ''
state_row web-frontend web-frontend-v7 running install ''
state_row minimal-debian minimal-debian-v2 failed user-script 'Step "Run the user script" failed: exit status 100'

for pass in en ko dark; do
    lang=$([ $pass = ko ] && echo ko || echo en)
    suffix=$([ $pass = en ] && echo "" || echo "-$pass")
    if [ $pass = dark ]; then
        # Settings > Appearance > Dark, as the dialog writes it.
        mkdir -p "$XDG_CONFIG_HOME/ImageBuilder"
        printf '[ui]\nappearance=dark\n' >>"$XDG_CONFIG_HOME/ImageBuilder/imagebuilder.conf"
    fi
    "$app" --lang $lang >/dev/null 2>&1 &
    pid=$!
    sleep 4
    # No window manager under Xvfb: give the main window the keyboard focus ourselves.
    xdotool search --sync --onlyvisible --class imagebuilder windowfocus --sync >/dev/null 2>&1 || true
    import -window root "$here/main-window$suffix.png"
    if [ $pass = dark ]; then
        kill $pid
        wait $pid 2>/dev/null || true
        continue
    fi
    if [ $pass = en ]; then
        # The Build Status tab of the selected template.
        xdotool mousemove 114 477 click 1
        sleep 2
        import -window root "$here/build-status.png"
        # build-details.png shows a real build's log and steps: take it by hand after one
        # (this store's builds are planted rows without steps or log).
        xdotool mousemove 33 477 click 1
    fi
    xdotool key ctrl+n
    sleep 2
    import -window root "$here/template-dialog$suffix.png"
    xdotool key Escape
    sleep 1
    xdotool search --onlyvisible --class imagebuilder windowfocus >/dev/null 2>&1 || true
    xdotool key ctrl+comma
    sleep 2
    import -window root "$here/settings$suffix.png"
    xdotool key Escape
    sleep 1
    kill $pid
    wait $pid 2>/dev/null || true
done
echo "Screenshots written to $here; look at each before committing."
