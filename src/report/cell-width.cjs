// Stands in for the `string-width` package in the info bundle (scripts/build.mjs
// aliases it): cli-table3 measures every line of every cell with it, several
// times, and string-width runs two large regular expressions each time, which
// cost `info` ~10 ms and ~5 MB. displayWidth measures the same text (SGR codes
// take no room; wide code points two) the way our own wrapping does, so the
// table and the wrapped cells agree on every width.
'use strict';
module.exports = require('./width').displayWidth;
