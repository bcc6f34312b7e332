#!/usr/bin/env bash
# Developer tool (not CI): ask the REAL Codex CLI, OpenCode and Claude Code what
# they make of the credential files under a HOME directory.
#
#   scripts/check-real-clis.sh [--in-place] HOME_DIR [VAR=value ...]
#
# Runs, each with a timeout and a clean environment (env -i: only PATH, HOME,
# LANG, TERM and the VAR=value pairs you pass):
#   codex login status
#   opencode auth list
#   claude auth status   and   claude auth status --text
#   qwen auth status     (Qwen Code: the method settings.json selects; it does not
#                         read oauth_creds.json, so a dead Qwen OAuth sign-in shows
#                         as "Qwen OAuth ... discontinued 2026-04-15")
# Gemini CLI and Kimi CLI have no offline status command (docs/stores.md).
# and prints stdout, stderr and the exit code of each. A CLI that is not
# installed is skipped. See docs/interop.md for what the answers mean.
# It also checks Codex's lock files (auth.lock, auth.json.lock in CODEX_HOME):
# each must be absent or a regular file that flock(1) can lock, as Codex needs
# (a directory there, like an older auth-wizard's lock, breaks every Codex write).
#
# The CLIs WRITE into the HOME they are given (Claude Code rewrites .claude.json
# and adds .claude/backups/, OpenCode creates a SQLite DB, logs and caches, Codex
# creates .codex/tmp/). So by default the script runs against a scratch copy of
# HOME_DIR and leaves it untouched; --in-place runs against HOME_DIR itself.
#
# Paths passed as VAR=value (CODEX_HOME, CLAUDE_CONFIG_DIR, XDG_DATA_HOME, ...)
# that point inside HOME_DIR are rewritten to the copy.
#
# Environment:
#   REAL_CLIS_PREFIX  npm prefix the CLIs were installed into (default /opt/realclis):
#                     npm i -g --prefix /opt/realclis @openai/codex opencode-ai @anthropic-ai/claude-code @qwen-code/qwen-code
#   CHECK_TIMEOUT     seconds per command (default 20)
set -uo pipefail

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

in_place=0
if [ "${1:-}" = "--in-place" ]; then in_place=1; shift; fi
case "${1:-}" in ''|-h|--help) usage ;; esac
src_home="$(cd "$1" 2>/dev/null && pwd)" || { echo "no such directory: $1" >&2; exit 2; }
shift
for kv in "$@"; do
  case "$kv" in
    [A-Za-z_]*=*) ;;
    *) echo "expected VAR=value, got: $kv" >&2; exit 2 ;;
  esac
done

prefix="${REAL_CLIS_PREFIX:-/opt/realclis}"
timeout_s="${CHECK_TIMEOUT:-20}"
bindir="$prefix/bin"

work_home="$src_home"
scratch=""
if [ "$in_place" -eq 0 ]; then
  scratch="$(mktemp -d "${TMPDIR:-/var/tmp}/check-real-clis.XXXXXX")"
  trap 'rm -rf -- "$scratch"' EXIT
  cp -a "$src_home/." "$scratch/"
  work_home="$scratch"
fi

# Extra variables, with paths inside the source HOME moved to the copy.
extra=()
for kv in "$@"; do
  name="${kv%%=*}"; value="${kv#*=}"
  case "$value" in
    "$src_home"|"$src_home"/*) value="$work_home${value#"$src_home"}" ;;
  esac
  extra+=("$name=$value")
done

# Codex's npm launcher (bin/codex.js) needs node on PATH.
node_dir=""
if command -v node >/dev/null 2>&1; then node_dir="$(dirname "$(command -v node)")"; fi
run_path="$bindir${node_dir:+:$node_dir}:/usr/local/bin:/usr/bin:/bin"

strip_ansi() { sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g'; }

check() { # check <binary> <args...>
  local bin="$1"; shift
  local label="$bin $*"
  printf '\n===== %s\n' "$label"
  if [ ! -x "$bindir/$bin" ]; then
    echo "(skipped: $bindir/$bin is not installed)"
    return 0
  fi
  local out err rc start end
  out="$(mktemp)"; err="$(mktemp)"
  start=$(date +%s%N)
  env -i PATH="$run_path" HOME="$work_home" LANG=C.UTF-8 TERM=dumb NO_COLOR=1 \
    "${extra[@]}" timeout "$timeout_s" "$bindir/$bin" "$@" </dev/null >"$out" 2>"$err"
  rc=$?
  end=$(date +%s%N)
  echo "--- stdout:"; strip_ansi <"$out"
  echo "--- stderr:"; strip_ansi <"$err"
  if [ "$rc" -eq 124 ]; then
    echo "--- exit: 124 (TIMED OUT after ${timeout_s}s)"
  else
    echo "--- exit: $rc"
  fi
  echo "--- took: $(( (end - start) / 1000000 )) ms"
  rm -f "$out" "$err"
}

echo "HOME under test: $src_home$([ "$in_place" -eq 0 ] && echo " (scratch copy: $work_home)")"
echo "CLIs from:       $bindir"
if [ "${#extra[@]}" -gt 0 ]; then echo "extra env:       ${extra[*]}"; fi
for bin in codex opencode claude qwen; do
  if [ -x "$bindir/$bin" ]; then
    v="$(env -i PATH="$run_path" HOME="$work_home" timeout "$timeout_s" "$bindir/$bin" --version 2>/dev/null | head -n 1)"
    echo "$bin: ${v:-unknown version}"
  fi
done

check codex login status

# Codex's own lock files: what auth-wizard takes when it writes Codex's auth.json.
codex_home="$work_home/.codex"
for kv in "${extra[@]}"; do case "$kv" in CODEX_HOME=*) codex_home="${kv#CODEX_HOME=}" ;; esac; done
printf '\n===== Codex lock files in %s\n' "$codex_home"
for f in auth.lock auth.json.lock; do
  p="$codex_home/$f"
  if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo "$f: absent (Codex creates it on its next write)"
  elif [ -d "$p" ]; then echo "$f: DIRECTORY: Codex cannot lock it, every Codex write fails (auth-wizard removes an empty one on its next write)"
  elif [ ! -f "$p" ]; then echo "$f: not a regular file ($(stat -c %F "$p" 2>/dev/null))"
  elif ! command -v flock >/dev/null 2>&1; then echo "$f: regular file, $(stat -c %s "$p") bytes (flock(1) missing: not tried)"
  elif flock -n -x "$p" -c true 2>/dev/null; then echo "$f: regular file, $(stat -c %s "$p") bytes, free (flock -n took it)"
  else echo "$f: regular file, HELD by another process right now"
  fi
done

check opencode auth list
check claude auth status
check claude auth status --text
check qwen auth status
exit 0
