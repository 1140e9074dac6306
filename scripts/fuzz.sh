#!/usr/bin/env bash
# On demand: fuzzes a parser of outside input with libFuzzer (swiftc -sanitize=fuzzer,address), the
# way the best parsers are kept honest. One target per parser:
#   feeds        RSS 2.0, Atom 1.0 and JSON Feed 1.1 (`fetch`)
#   html         HTML in feeds and bounce notices, into text
#   reports      delivery reports, complaints, mailed unsubscribes, alone and in an mbox (`bounces`)
#   items        item files: front matter and Markdown summary
#   subscribers  the subscriber file (CSV)
#   config       newsletter.json, decoded and validated
#   http         what a request carries to `serve` beyond HTTP: the one-click body, the sign-up and
#                page forms, client addresses, the tokens
#   bulletins    archived plain-text bulletins (`import`)
#
# Usage: scripts/fuzz.sh TARGET [SECONDS]     fuzz TARGET for SECONDS (default 600); "all" for each in turn
#        scripts/fuzz.sh --replay [TARGET...]  build each target (default: all) and run every input of its
#                                              corpus and regressions once; what CI runs
#        scripts/fuzz.sh --merge [TARGET...]   add to Fuzz/Corpus/TARGET the inputs of earlier runs
#                                              (.build-fuzz/corpus/TARGET) that reach new code (-merge=1)
#
# Seeds are in Fuzz/Corpus/TARGET; what the fuzzer learns goes to .build-fuzz/corpus/TARGET, a crash,
# leak or timeout to .build-fuzz/artifacts/TARGET: make it a test, and copy it to Fuzz/Regressions/TARGET
# so that every replay runs it again. Builds with NEWSLETTER_FUZZ=1 (which adds the targets to
# Package.swift) in .build-fuzz, apart from the normal build.
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
need_packages "${BUILD_PACKAGES[@]}"

targets=(feeds html reports items subscribers config http bulletins)
export NEWSLETTER_FUZZ=1
# Leaks of Foundation's own, not the project's (see the file).
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"

build() {
    # lld: gold fails on the sanitizer's debug info with an internal error that hides the real one.
    swift build --scratch-path .build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address \
        -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld --product "fuzz-$1" 2>&1 \
        | grep -v "ld.gold: warning: Cannot export local symbol" >&2
    local status=${PIPESTATUS[0]}
    [ "$status" -eq 0 ] || { echo "fuzz: fuzz-$1 did not build" >&2; exit "$status"; }
}

# The targets named, or every target when none is.
choose() {
    chosen=("$@")
    [ ${#chosen[@]} -gt 0 ] || chosen=("${targets[@]}")
}

known() {
    for target in "${targets[@]}"; do [ "$target" = "$1" ] && return 0; done
    echo "fuzz: no target '$1'; the targets are: ${targets[*]}" >&2
    exit 64
}

if [ "${1:-}" = "--replay" ]; then
    shift
    choose "$@"
    for target in "${chosen[@]}"; do
        known "$target"
        build "$target"
        inputs=(Fuzz/Corpus/"$target")
        [ -d Fuzz/Regressions/"$target" ] && inputs+=(Fuzz/Regressions/"$target")
        # -runs=0: every input once, no new ones; a crash, leak or timeout fails the replay.
        if ! .build-fuzz/debug/"fuzz-$target" -runs=0 -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" \
            > .build-fuzz/replay-"$target".log 2>&1; then
            tail -40 .build-fuzz/replay-"$target".log >&2
            echo "fuzz: replaying the $target corpus failed (log: .build-fuzz/replay-$target.log)" >&2
            exit 1
        fi
        echo "fuzz: $target: $(find "${inputs[@]}" -type f | wc -l) inputs replayed, no crash, leak or timeout" >&2
    done
    exit 0
fi

if [ "${1:-}" = "--merge" ]; then
    shift
    choose "$@"
    for target in "${chosen[@]}"; do
        known "$target"
        build "$target"
        before=$(find Fuzz/Corpus/"$target" -type f | wc -l)
        mkdir -p .build-fuzz/corpus/"$target"
        .build-fuzz/debug/"fuzz-$target" -merge=1 -timeout=10 -rss_limit_mb=2048 \
            Fuzz/Corpus/"$target" .build-fuzz/corpus/"$target" > .build-fuzz/merge-"$target".log 2>&1 || {
            tail -40 .build-fuzz/merge-"$target".log >&2
            echo "fuzz: merging the $target corpus failed (log: .build-fuzz/merge-$target.log)" >&2
            exit 1
        }
        echo "fuzz: $target: $(($(find Fuzz/Corpus/"$target" -type f | wc -l) - before)) inputs added to Fuzz/Corpus/$target" >&2
    done
    exit 0
fi

[ $# -ge 1 ] || {
    echo "usage: scripts/fuzz.sh TARGET [SECONDS] | --replay [TARGET...] | --merge [TARGET...]" >&2
    exit 64
}
seconds="${2:-600}"
chosen=("$1")
[ "$1" = "all" ] && chosen=("${targets[@]}")
for target in "${chosen[@]}"; do
    known "$target"
    build "$target"
    mkdir -p .build-fuzz/corpus/"$target" .build-fuzz/artifacts/"$target"
    echo "fuzz: $target for $seconds s (corpus .build-fuzz/corpus/$target)" >&2
    .build-fuzz/debug/"fuzz-$target" .build-fuzz/corpus/"$target" Fuzz/Corpus/"$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
        -artifact_prefix=.build-fuzz/artifacts/"$target"/ -print_final_stats=1 \
        2> .build-fuzz/fuzz-"$target".log || {
        tail -60 .build-fuzz/fuzz-"$target".log >&2
        echo "fuzz: $target found a problem; the input is in .build-fuzz/artifacts/$target" >&2
        exit 1
    }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" .build-fuzz/fuzz-"$target".log | tail -3 >&2
done
