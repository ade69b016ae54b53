# shellcheck shell=bash
# Sourced by the VM tests: SSH into a test VM on its first boot, when cloud-init's config
# stage may restart ssh.service (set-passwords does when ssh_pwauth changes sshd_config;
# an image's own units may too). A connection made at that moment is refused, or reset in
# the key exchange ("kex_exchange_identification: read: Connection reset by peer"), while a
# session that is already open lives on.
#
# The caller sets:
#   vm_ssh_opts   ssh's options for the VM: key, port, pinned known_hosts, ...
#   vm_ssh_log    a folder for ssh's -v lines (ssh-debug.log: every attempt, for a post-mortem)
# and may set vm_ssh_user (debian) and vm_ssh_retry_seconds (120).
# A word on each retry goes to file descriptor 3 (opened here as a copy of stderr), so that
# `out=$(vm CMD 2>&1)` captures only what CMD printed.
vm_ssh_opts=()
vm_ssh_log=""
vm_ssh_user=debian
vm_ssh_retry_seconds=120
exec 3>&2

# vm_once COMMAND...: one ssh; its -v lines go to $vm_ssh_log/ssh-debug.log.
vm_once() {
    local attempt_log=$vm_ssh_log/ssh-attempt.log rc=0
    rm -f "$attempt_log"
    # shellcheck disable=SC2029  # the command is meant to expand here
    ssh -v -E "$attempt_log" "${vm_ssh_opts[@]}" "$vm_ssh_user@127.0.0.1" "$@" || rc=$?
    { echo "---- $(date +%T) ssh $* (exit $rc)"; cat "$attempt_log" 2>/dev/null; } >>"$vm_ssh_log/ssh-debug.log"
    return "$rc"
}

# True when the last vm_once failed before its command ran: ssh never authenticated (its
# -v log has no "Authenticated to"), so sshd was not there to talk to. A command that ran
# and dropped the link (poweroff) does not count.
vm_transport_failed() {
    [ -f "$vm_ssh_log/ssh-attempt.log" ] && ! grep -q 'Authenticated to' "$vm_ssh_log/ssh-attempt.log"
}

# vm COMMAND...: runs a command in the VM, again while sshd is restarting. Only failures
# before the command ran (exit 255 before ssh authenticated) are tried again, until a
# deadline (a loaded host can keep sshd down for seconds), not a count.
vm() {
    local rc deadline=$(($(date +%s) + vm_ssh_retry_seconds))
    while :; do
        rc=0
        vm_once "$@" || rc=$?
        if [ "$rc" != 255 ] || ! vm_transport_failed || [ "$(date +%s)" -ge "$deadline" ]; then
            return "$rc"
        fi
        echo "   (ssh: $(grep -oiE '(kex_exchange_identification|connection (reset|refused|closed|timed out)).*' \
            "$vm_ssh_log/ssh-attempt.log" | head -n 1); sshd is restarting, trying again)" >&3
        sleep 1
    done
}

# What explains a failure while the VM still runs: its sshd and cloud-init logs, and the
# test's own last ssh attempts.
vm_post_mortem() {
    echo "---- guest: journalctl -u ssh (last 30 lines) ----"
    vm_once "sudo -n journalctl -b -u ssh.service --no-pager | tail -n 30" 2>&1 || true
    echo "---- guest: cloud-init.log warnings and errors, and its last 20 lines ----"
    vm_once "sudo -n grep -E 'WARNING|ERROR|Traceback' /var/log/cloud-init.log | tail -n 20; sudo -n tail -n 20 /var/log/cloud-init.log" \
        2>&1 || true
    if [ -s "$vm_ssh_log/ssh-debug.log" ]; then
        echo "---- the test's last ssh attempts (ssh -v, last 60 lines) ----"
        tail -n 60 "$vm_ssh_log/ssh-debug.log"
    fi
}
