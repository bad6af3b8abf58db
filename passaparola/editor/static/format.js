/* Our content file format for the editor: `Key: value` header lines, a blank line, the body.

   It is the format Pelican's Markdown reader and passaparola/rules/base.py:read_source read
   (Python-Markdown's Meta syntax): a value may go on over lines indented by four spaces; the
   first blank line ends the header. Not YAML front matter, so hand-written files, `check`, the
   build and the editor share one format. Used by admin.js in the browser and by the tests in
   Node (tests/test_editor_format.py), hence the export at the bottom. */
(function (root) {
  "use strict";

  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  // The header's order as the file had it, kept in the entry under a name no field can have,
  // so that saving an edited file moves no line.
  var ORDER = "passaparola:order";
  var CONTINUATION = /^[ ]{4,}(.*)$/;

  /* The header fields (by the collection's spelling when the key matches one, case aside) and
     the body, as Decap CMS expects an entry's data. */
  function parse(text, fieldNames) {
    var canonical = {};
    (fieldNames || []).forEach(function (name) { canonical[name.toLowerCase()] = name; });
    var lines = String(text).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
    var data = {};
    var lastKey = null;
    var bodyStart = lines.length;
    for (var index = 0; index < lines.length; index++) {
      var line = lines[index];
      if (!line.trim()) {
        bodyStart = index + 1;
        break;
      }
      var meta = META_LINE.exec(line);
      if (meta) {
        lastKey = canonical[meta[1].toLowerCase()] || meta[1];
        data[lastKey] = meta[2].trim();
        continue;
      }
      var more = CONTINUATION.exec(line);
      if (more && lastKey !== null) {
        data[lastKey] = (data[lastKey] + "\n" + more[1].trim()).trim();
        continue;
      }
      bodyStart = index;  // not a header line: the rest is body (check reports the line)
      break;
    }
    var order = Object.keys(data);
    data.body = lines.slice(bodyStart).join("\n");
    if (order.length) data[ORDER] = order.join(",");
    return data;
  }

  function valueText(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(valueText).filter(Boolean).join(", ");
    if (value instanceof Date) return value.toISOString();
    return String(value);
  }

  /* The file's text: fields in the collection's order (others after them, as they were),
     empty ones left out, lines of a long value indented, then a blank line and the body. */
  function serialize(data, fieldOrder) {
    var order = data[ORDER] ? String(data[ORDER]).split(",") : [];
    (fieldOrder || []).concat(Object.keys(data)).forEach(function (name) {
      if (name !== "body" && name !== ORDER && order.indexOf(name) === -1) order.push(name);
    });
    var header = [];
    order.forEach(function (name) {
      // A blank line would end the header: paragraphs of a long value become lines.
      var lines = valueText(data[name]).replace(/\r\n?/g, "\n").split("\n")
        .map(function (line) { return line.trim(); })
        .filter(Boolean);
      if (!lines.length) return;
      header.push(name + ": " + lines[0]);
      lines.slice(1).forEach(function (line) { header.push("    " + line); });
    });
    var body = valueText(data.body).replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/\s+$/, "");
    return header.join("\n") + "\n" + (body ? "\n" + body + "\n" : "");
  }

  var api = { parse: parse, serialize: serialize };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.PassaparolaFormat = api;
  }
})(this);
