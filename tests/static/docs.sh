#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man pages render without warnings and document every havsadm command
# and every module parameter. README.md keeps its two commands and stays
# under 16 KiB. README.md and docs/*.md name only what exists: make targets,
# havsadm commands and subcommands, scenarios, files of the tree, module
# parameters and environment variables; every relative link resolves, to
# a heading too when it names one.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
man=$top/tools/havsadm.8
rc=0
for page in "$man" "$top/tools/havs.conf.5"; do
	warn=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || true
	[ -z "$warn" ] || { echo "$(basename "$page") warnings: $warn"; rc=1; }
done
cmds=$(sed -n 's/^\t{ \.name = "\([a-z-]*\)".*/\1/p' "$top/tools/havsadm.c")
[ -n "$cmds" ] || { echo "found no commands in tools/havsadm.c"; rc=1; }
for c in $cmds; do
	grep -Eq "^\.BR? $c( |\$)" "$man" || { echo "command $c is not in havsadm.8"; rc=1; }
done
subs=$(sed -n 's/^\t{ \.name = "\([a-z-]*\)", \.run = vrrp_.*/\1/p' "$top/tools/vrrp.c")
[ -n "$subs" ] || { echo "found no vrrp subcommands in tools/vrrp.c"; rc=1; }
for c in $subs; do
	grep -Eq "^\.BR? \"?vrrp $c( |\"|\$)" "$man" || { echo "command vrrp $c is not in havsadm.8"; rc=1; }
done
params=$(sed -n 's/^module_param_cb(\([a-z_]*\),.*/\1/p' "$top"/kmod/*.c)
[ -n "$params" ] || { echo "found no module parameters in kmod/"; rc=1; }
for p in $params; do
	grep -q "^\.BR $p " "$man" || { echo "parameter $p is not in havsadm.8"; rc=1; }
	grep -q "^| \`$p\` |" "$top/docs/operations.md" ||
		{ echo "parameter $p is not in docs/operations.md's table"; rc=1; }
done
grep -qw 'make demo' "$top/README.md" && grep -qw 'make check' "$top/README.md" ||
	{ echo "README lost its two commands"; rc=1; }
size=$(wc -c < "$top/README.md")
[ "$size" -lt 16384 ] ||
	{ echo "README.md is $size bytes, over 16 KiB: move the detail to docs/"; rc=1; }

docs=("$top/README.md" "$top"/docs/*.md)
[ ${#docs[@]} -gt 1 ] || { echo "found no docs/*.md"; rc=1; }

# One record per line: "P<TAB>paragraph" (prose, its lines joined, tables
# a row per paragraph) or "C<TAB>line" (fenced or indented code).
records() {
	awk '
	function flush() { if (p != "") print "P\t" p; p = "" }
	/^[ \t]*```/ { flush(); fence = !fence; next }
	fence { print "C\t" $0; next }
	/^[ \t]*$/ { flush(); indented = 0; next }
	p == "" && /^    / { indented = 1 }
	indented { print "C\t" $0; next }
	/^\|/ { flush(); print "P\t" $0; next }
	/^#/ { flush(); print "P\t" $0; next }
	{ p = p == "" ? $0 : p " " $0 }
	END { flush() }' "$1"
}

# GitHub's anchor of a heading: lower case, punctuation dropped, blanks
# to hyphens.
anchors() {
	sed -n 's/^#\{1,6\} \+//p' "$1" | tr '[:upper:]' '[:lower:]' |
		sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}

targets=$(sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' "$top/Makefile" | sort -u)
subcommands() {	# GROUP: the subcommand table of havsadm GROUP, if it has one
	local f
	f=$(grep -l "^int cmd_$1(" "$top"/tools/*.c | head -n 1)
	[ -n "$f" ] || return 0
	sed -n 's/^\t{ \.name = "\([a-z-]*\)".*/\1/p' "$f"
}
# check_havsadm DOC WORDS...: the words after "havsadm" name a command.
check_havsadm() {
	local doc=$1 cmd sub s
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		-n|--netns|-b|--batch) shift 2 || return 0 ;;
		-j|--json|--force) shift ;;
		*) break ;;
		esac
	done
	cmd=${1:-}
	case $cmd in ''|-*|*[A-Z.]*) return 0 ;; esac
	for w in ${cmd//|/ }; do
		grep -qx -- "$w" <<< "$cmds" ||
			{ echo "$doc: havsadm $w: no such command in tools/havsadm.c"; return 1; }
	done
	[[ $cmd != *'|'* ]] || return 0
	sub=${2:-}
	s=$(subcommands "$cmd")
	[ -n "$s" ] || return 0
	case $sub in ''|-*|*[A-Z.]*|*'`'*) return 0 ;; esac
	for w in ${sub//|/ }; do
		grep -qx -- "$w" <<< "$s" ||
			{ echo "$doc: havsadm $cmd $w: no such subcommand"; return 1; }
	done
}

for doc in "${docs[@]}"; do
	rel=${doc#"$top"/}
	dir=$(dirname "$doc")
	recs=$(records "$doc")
	prose=$(sed -n 's/^P\t//p' <<< "$recs")
	code=$(sed -n 's/^C\t//p' <<< "$recs")
	spans=$(grep -o '`[^`]*`' <<< "$prose" | sed 's/^`//; s/`$//') || true

	# relative links, and the heading they name
	while read -r link; do
		[ -n "$link" ] || continue
		case $link in http:*|https:*|mailto:*) continue ;; esac
		path=${link%%#*}
		anchor=
		[[ $link != *'#'* ]] || anchor=${link#*#}
		if [ -z "$path" ]; then
			target=$doc
		else
			target=$dir/$path
		fi
		if [ ! -e "$target" ]; then
			echo "$rel: link $link: $path does not exist"; rc=1; continue
		fi
		if [ -n "$anchor" ] && [[ $target == *.md ]] &&
		   ! anchors "$target" | grep -qx -- "$anchor"; then
			echo "$rel: link $link: no such heading"; rc=1
		fi
	done < <(grep -o '\]([^)]*)' <<< "$prose" | sed 's/^](//; s/)$//')

	# make targets
	while read -r t; do
		[ -n "$t" ] || continue
		grep -qx -- "$t" <<< "$targets" ||
			{ echo "$rel: make $t: no such target in the Makefile"; rc=1; }
	done < <( { grep -o 'make [a-z][a-z0-9-]*' <<< "$spans" || true
		    grep -Eo '^(\$ )?make [a-z][a-z0-9-]*' <<< "$code" || true; } |
		  sed 's/^\$ //; s/^make //' | sort -u)

	# havsadm commands: in code spans, and at the start of code lines
	while read -r line; do
		[ -n "$line" ] || continue
		# shellcheck disable=SC2086
		check_havsadm "$rel" $line || rc=1
	done < <( { grep -o '^havsadm .*' <<< "$spans" || true
		    grep -Eo '^ *(\$ )?havsadm .*' <<< "$code" || true; } |
		  sed 's/^ *//; s/^\$ //; s/^havsadm //' | sort -u)

	# scenarios, by name and by number
	while read -r s; do
		[ -n "$s" ] || continue
		[ -e "$top/tests/scenarios/$s.sh" ] ||
			{ echo "$rel: scenario $s does not exist"; rc=1; }
	done < <(grep -Po '(?<![\w.-])[0-3][0-9]-[a-z][a-z0-9-]*[a-z0-9]' <<< "$prose" | sort -u)
	while read -r n; do
		[ -n "$n" ] || continue
		compgen -G "$top/tests/scenarios/$n-*.sh" > /dev/null ||
			{ echo "$rel: scenario $n does not exist"; rc=1; }
	done < <(grep -Eo '[Ss]cenarios? [0-9]{2}((, | and | or )[0-9]{2})*' <<< "$prose" |
		 grep -Eo '[0-9]{2}' | sort -u)

	# files of the tree named alone in a code span
	while read -r f; do
		[ -n "$f" ] || continue
		[[ $f != *[A-Z]*/* ]] || continue	# a placeholder: tests/fuzz/corpus/TARGET/
		# shellcheck disable=SC2086
		compgen -G "$top/${f%/}" > /dev/null ||
			{ echo "$rel: $f does not exist"; rc=1; }
	done < <(grep -Ex '(kmod|tools|tests|docs|\.ci)/[^ ]*' <<< "$spans" | sort -u)

	# module parameters
	while read -r p; do
		[ -n "$p" ] || continue
		grep -qx -- "$p" <<< "$params" ||
			{ echo "$rel: $p is not a module parameter"; rc=1; }
	done < <(grep -Ex '(max|probe|garp)_[a-z_]+' <<< "$spans" | sort -u)

	# environment variables and constants: in the code, the tests or the
	# build
	while read -r v; do
		[ -n "$v" ] || continue
		grep -rqw --include='*.[ch]' --include='*.sh' --include='*.py' \
			--include=Makefile --include='*.service' --include=run -- "$v" \
			"$top/kmod" "$top/tools" "$top/tests" "$top/Makefile" "$top/.ci" ||
			{ echo "$rel: $v is used nowhere in the tree"; rc=1; }
	done < <(grep -Eo '^[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9](=|$)' <<< "$spans" |
		 sed 's/=$//' | sort -u)
done
exit $rc
