#!/bin/sh
# Regenerates the groff-made PDFs of this folder from their .ms sources,
# with two producers:
#   NAME.pdf     groff -ms -Tpdf (gropdf)
#   NAME-gs.pdf  groff -ms -Tps, then Ghostscript's ps2pdf
# and flood-study.pdf from flood-study.tex with pdflatex, when it is
# installed (apt-get install -y --no-install-recommends texlive-latex-base).
# Needs Debian's groff with its PDF device, and Ghostscript (which
# apt installs with groff as a recommended package):
#   apt-get install -y groff ghostscript
# SOURCE_DATE_EPOCH pins the dates that both write into the Info
# dictionary.
set -eu
cd "$(dirname "$0")"
export SOURCE_DATE_EPOCH=1700000000
for src in *.ms; do
	name=${src%.ms}
	groff -ms -Tpdf "$src" > "$name.pdf"
	groff -ms -Tps "$src" | ps2pdf - "$name-gs.pdf"
done
groff --version | head -n 1 > groff-version.txt
if command -v pdflatex > /dev/null; then
	tmp=$(mktemp -d)
	FORCE_SOURCE_DATE=1 pdflatex -interaction=batchmode -output-directory "$tmp" flood-study.tex > /dev/null
	cp "$tmp/flood-study.pdf" .
	rm -r "$tmp"
else
	echo "pdflatex not found: flood-study.pdf left as it is" >&2
fi
