#!/usr/bin/env bash
# The Debian packages (cmake/deb.cmake) as an operator gets them: built with CPack, their
# metadata and contents checked, installed with dpkg -i on this machine, then used from the
# installed files alone: seal --version, the man pages, libseal.so.0 and its pkg-config file,
# the system user and the unit (systemd-analyze verify where systemd is installed), the shipped
# default configuration (valid with a key), and the key server started with the unit's own
# command line (as the user seal, without privileges, the master key passed as a credential
# would be) against a local chain served by the installed `seal localnet serve`: Bob decrypts
# through it. Then dpkg --purge and the system user removed: the machine as it was.
# Needs root (dpkg -i); exits 77 (skipped) otherwise, or when a package of that name is already
# installed (it would not be ours to remove).
# usage: test_deb.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
BUILD=$1
SRC=$2
PKGS=(seal-server seal-tools libseal-dev libseal0)

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: installing Debian packages needs root (dpkg -i); run as root to test them"
    exit 77
fi
for c in dpkg dpkg-deb cpack setpriv flock; do
    command -v "$c" >/dev/null || { echo "SKIP: $c not found"; exit 77; }
done
# One run at a time on a machine (several build trees may run their suites at once).
exec 9>/tmp/seal-test-deb.lock
flock 9
for p in "${PKGS[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
        echo "SKIP: package $p is already installed here; this test installs and purges its own"
        exit 77
    fi
done
USER_EXISTED=0
getent passwd seal >/dev/null && USER_EXISTED=1
STATE_EXISTED=0
[[ -e /var/lib/seal ]] && STATE_EXISTED=1

T=$(mktemp -d)
chmod 0711 "$T" # the user seal reaches $T/cred (only)
SEAL=/usr/bin/seal
source "$SRC/tests/client/loopback.sh" # trap lb_cleanup EXIT: the processes, then $T
source "$SRC/tests/install/lib.sh"
installed=0
cleanup() {
    lb_cleanup
    if [[ $installed == 1 ]]; then
        dpkg --purge "${PKGS[@]}" >/dev/null 2>&1 || echo "FAIL dpkg --purge ${PKGS[*]}"
        if [[ $USER_EXISTED == 0 ]] && getent passwd seal >/dev/null; then
            userdel seal 2>/dev/null
            getent group seal >/dev/null && groupdel seal 2>/dev/null
        fi
        [[ $STATE_EXISTED == 0 ]] && rm -rf /var/lib/seal
    fi
}
trap cleanup EXIT

# ---- build and look at the packages ----------------------------------------------------------
if ! (cd "$BUILD" && cpack -G DEB -B "$T/deb") >"$T/cpack.out" 2>&1; then
    bad "cpack -G DEB"
    tail -20 "$T/cpack.out"
    exit 1
fi
declare -A DEB
for p in "${PKGS[@]}"; do
    f=$(ls "$T"/deb/"${p}"_*.deb 2>/dev/null | head -1)
    if [[ -n $f ]]; then DEB[$p]=$f; else bad "no package $p in $(ls "$T/deb" | tr '\n' ' ')"; fi
done
[[ ${#DEB[@]} == 4 ]] || exit 1
ok "cpack -G DEB: ${PKGS[*]}"
field() { dpkg-deb -f "${DEB[$1]}" "$2"; }
contents() { dpkg-deb -c "${DEB[$1]}" | awk '{print $6}' | sed 's|^\./|/|'; }
check "libseal0: libseal.so.0 and a shlibs file" \
    bash -c "dpkg-deb -c '${DEB[libseal0]}' | grep -q '/usr/lib/libseal.so.0 ' && dpkg-deb -I '${DEB[libseal0]}' shlibs | grep -q '^libseal 0 libseal0 (>= '"
check "libseal-dev: headers, seal.pc, the CMake package; depends on libseal0 of its version" \
    bash -c "dpkg-deb -c '${DEB[libseal-dev]}' | grep -q 'include/seal/seal.h' && dpkg-deb -c '${DEB[libseal-dev]}' | grep -q 'pkgconfig/seal.pc' && dpkg-deb -c '${DEB[libseal-dev]}' | grep -q 'cmake/Seal/SealConfig.cmake' && dpkg-deb -f '${DEB[libseal-dev]}' Depends | grep -q 'libseal0 (= $(field libseal0 Version))'"
check "seal-tools: /usr/bin/seal, man pages, dependencies from dpkg-shlibdeps (libssl3)" \
    bash -c "dpkg-deb -c '${DEB[seal-tools]}' | grep -q ' ./usr/bin/seal$' && dpkg-deb -c '${DEB[seal-tools]}' | grep -q 'share/man/man1/seal-server.1' && dpkg-deb -f '${DEB[seal-tools]}' Depends | grep -q libssl"
check "seal-server: unit, sysusers, /etc/seal/server.yaml as a conffile, maintainer scripts" \
    bash -c "contents() { dpkg-deb -c \"\$1\" | awk '{print \$6}'; }; c=\$(contents '${DEB[seal-server]}'); grep -qx './usr/lib/systemd/system/seal-server.service' <<<\"\$c\" && grep -qx './usr/lib/sysusers.d/seal-server.conf' <<<\"\$c\" && grep -qx './etc/seal/server.yaml' <<<\"\$c\" && dpkg-deb -I '${DEB[seal-server]}' conffiles | grep -qx '/etc/seal/server.yaml' && dpkg-deb -I '${DEB[seal-server]}' postinst >/dev/null && dpkg-deb -I '${DEB[seal-server]}' postrm >/dev/null"

# ---- install ---------------------------------------------------------------------------------
installed=1
if dpkg -i "${DEB[libseal0]}" "${DEB[libseal-dev]}" "${DEB[seal-tools]}" "${DEB[seal-server]}" >"$T/dpkg.out" 2>&1; then
    ok "dpkg -i: the four packages"
else
    bad "dpkg -i"
    tail -20 "$T/dpkg.out"
    exit 1
fi
check "seal --version (installed)" bash -c "$SEAL --version | grep -q '$(field seal-tools Version | cut -d- -f1)'"
check "man -w seal-encrypt finds the installed page" bash -c "! command -v man >/dev/null || man -w seal-encrypt | grep -q '^/usr/share/man/man1/seal-encrypt.1'"
# (/lib is /usr/lib on a merged-/usr system: ld.so may name either)
check "a program built with the installed seal.pc runs with the installed libseal.so.0" bash -c "printf '#include <seal/seal.h>\nint main(void){return seal_strerror(SEAL_OK)==0;}\n' | cc -std=c17 -x c - \$(pkg-config --cflags --libs seal) -o '$T/app' && ldd '$T/app' | tee /dev/stderr | grep -Eq 'libseal.so.0 => (/usr)?/lib/libseal.so.0' && '$T/app'"
check "system user seal (no login shell, home /var/lib/seal)" \
    bash -c "getent passwd seal | grep -q ':/var/lib/seal:/usr/sbin/nologin$'"
UNIT=/usr/lib/systemd/system/seal-server.service
if command -v systemd-analyze >/dev/null; then
    # Not PID 1 here: verify only (the unit's syntax, its directives, the executables).
    if systemd-analyze verify "$UNIT" >"$T/verify.out" 2>&1 && ! grep -v "^$" "$T/verify.out" | grep -qi "seal-server"; then
        ok "systemd-analyze verify $UNIT"
    else
        bad "systemd-analyze verify $UNIT"
        sed 's/^/     /' "$T/verify.out" | head -10
    fi
    # systemd's own exposure score of the unit's sandbox (0 = fully locked down, 10 = none);
    # --offline needs no running systemd. 2.0 at most: a loosened unit fails here.
    systemd-analyze security --offline=yes --threshold=20 "$UNIT" >"$T/security.out" 2>&1
    rc=$?
    score=$(sed -n 's/.*Overall exposure level for seal-server.service: \([0-9.]*\).*/\1/p' "$T/security.out")
    if [[ $rc == 0 && -n $score ]]; then
        ok "systemd-analyze security --offline: exposure $score (at most 2.0)"
    elif grep -qi "unrecognized option\|unknown option" "$T/security.out"; then
        echo "note: this systemd-analyze has no security --offline"
    else
        bad "systemd-analyze security --offline: exposure ${score:-?} (more than 2.0)"
        grep "✗" "$T/security.out" | head -10
    fi
else
    echo "note: systemd-analyze not installed: the unit is not verified"
fi
for d in 'NoNewPrivileges=yes' 'CapabilityBoundingSet=$' 'ProtectSystem=strict' 'MemoryDenyWriteExecute=yes' \
    'LoadCredential=master-key:/etc/seal/master.key' 'StateDirectory=seal' 'User=seal'; do
    grep -q "^$d" "$UNIT" || bad "the unit lacks $d"
done
ok "the unit's hardening directives are there"

# The shipped configuration is valid once a key is where the credential would be.
mkdir -p "$T/cred"
lb_keygen master || { bad "seal keygen"; exit 1; }
install -o seal -g seal -m 0400 "$T/master.msk" "$T/cred/master-key"
chown seal:seal "$T/cred"
chmod 0500 "$T/cred"
sed "s|^master_key_file: .*|master_key_file: $T/cred/master-key|" /etc/seal/server.yaml >"$T/default.yaml"
chmod 644 "$T/default.yaml"
check "the default /etc/seal/server.yaml passes --check-config (key from the credential path)" \
    setpriv --reuid=seal --regid=seal --init-groups --no-new-privs --bounding-set=-all \
    "$SEAL" server --config "$T/default.yaml" --check-config

# ---- the installed server against a local chain ----------------------------------------------
LB_RPC=grpc lb_init || { bad "localnet init/serve (installed seal)"; exit 1; }
lb_account ADMIN && lb_account BOB && lb_account CAROL || { bad "accounts"; exit 1; }
port=$(free_port)
lb_register ks "http://127.0.0.1:$port" "$PK_master" || { bad "key server register"; exit 1; }
# /etc/seal/server.yaml with this chain's values
python3 - "$T/default.yaml" "$T/server.yaml" "$SEALPKG" "$KS_ks" "$CHAIN" "$port" <<'EOF'
import re, sys
src, dst, pkg, ks, chain, port = sys.argv[1:]
s = open(src).read()
s = re.sub(r"(?m)^network: .*$", f"network: !Devnet\n  seal_package: {pkg}", s)
s = re.sub(r'(?m)^  key_server_object_id: .*$', f"  key_server_object_id: {ks}", s)
s = re.sub(r"(?m)^listen: .*$", f"listen: 127.0.0.1:{port}\nchain: {chain}", s)
s = re.sub(r"(?m)^metrics_host_port: .*$", 'metrics_host_port: ""', s)
open(dst, "w").write(s)
EOF
chmod 644 "$T/server.yaml"
# The unit's ExecStart, with this configuration, run as the unit runs it: user seal, no new
# privileges, no capabilities.
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
read -r -a argv <<<"${exec_start//\/etc\/seal\/server.yaml/$T/server.yaml}"
setpriv --reuid=seal --regid=seal --init-groups --no-new-privs --bounding-set=-all \
    "${argv[@]}" >"$T/server.out" 2>"$T/server.err" &
SERVER_PID=$!
LB_PIDS+=($SERVER_PID)
for i in $(seq 1 200); do
    grep -q '^ready' "$T/server.out" 2>/dev/null && break
    sleep 0.05
done
if grep -q "^ready http://127.0.0.1:$port" "$T/server.out"; then
    ok "the unit's ExecStart ($exec_start) serves on 127.0.0.1:$port"
else
    bad "the installed server did not start"
    head -5 "$T/server.err"
    exit 1
fi
check "it runs as the user seal" bash -c "ps -o user= -p $SERVER_PID | grep -qx seal"

out=$("$SEAL" localnet allowlist create --chain "$CHAIN" --key "$ADMIN_KEY" --name club) || { bad "allowlist create"; exit 1; }
AL=$(jget allowlist <<<"$out")
CAP=$(jget cap <<<"$out")
check "add Bob to the allowlist" "$SEAL" localnet allowlist add --chain "$CHAIN" --key "$ADMIN_KEY" --allowlist "$AL" --cap "$CAP" --member "$BOB_ADDR"
ID=${AL#0x}5ea1
head -c 5000 /dev/urandom >"$T/msg"
check "encrypt for the allowlist (the installed server's key, threshold 1)" \
    "$SEAL" encrypt --chain "$CHAIN" --key-server "$KS_ks" --threshold 1 --package "$EXAMPLES" --id "$ID" --in "$T/msg" --out "$T/obj"
check "Bob: session" "$SEAL" session create --key "$BOB_KEY" --package "$EXAMPLES" --out "$T/bob.session"
check "Bob decrypts: his key fetched from the installed server" \
    "$SEAL" decrypt --session "$T/bob.session" --chain "$CHAIN" --approve "$EXAMPLES::allowlist::seal_approve" --arg "object:$AL" --in "$T/obj" --out "$T/plain"
check "the plaintext" cmp -s "$T/msg" "$T/plain"
check "the server logged a granted fetch_key" bash -c "grep -q 'fetch_key' '$T/server.err'"
check "Carol: session" "$SEAL" session create --key "$CAROL_KEY" --package "$EXAMPLES" --out "$T/carol.session"
if "$SEAL" decrypt --session "$T/carol.session" --chain "$CHAIN" --approve "$EXAMPLES::allowlist::seal_approve" --arg "object:$AL" --in "$T/obj" --out "$T/plain.carol" >/dev/null 2>"$T/carol.err"; then
    bad "Carol (not on the allowlist) decrypts"
else
    check "Carol is denied (NoAccess)" grep -q NoAccess "$T/carol.err"
fi

# ---- remove ----------------------------------------------------------------------------------
lb_cleanup_procs() {
    for p in "${LB_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${LB_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    LB_PIDS=()
}
lb_cleanup_procs
check "dpkg --purge ${PKGS[*]}" dpkg --purge "${PKGS[@]}"
installed=0
check "nothing left: /usr/bin/seal, libseal.so.0, the unit, /etc/seal/server.yaml" \
    bash -c "! test -e /usr/bin/seal && ! test -e /usr/lib/libseal.so.0 && ! test -e '$UNIT' && ! test -e /etc/seal/server.yaml"
if [[ $USER_EXISTED == 0 ]]; then
    userdel seal 2>/dev/null
    getent group seal >/dev/null && groupdel seal 2>/dev/null
fi
[[ $STATE_EXISTED == 0 ]] && rm -rf /var/lib/seal

finish
