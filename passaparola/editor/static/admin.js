/* Starts Decap CMS with the configuration generated from the content rules (config.json).

   No inline script (the page's CSP forbids it): this file tells Decap to wait
   (CMS_MANUAL_INIT, read when decap-cms.js loads, hence this file comes first), then, once
   the page is loaded, registers our file format for each collection and starts the editor.
   In the preview the local backend is the preview server itself, on the host the page was
   opened from (localhost, or the computer's address on the salon's wifi). */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;

  function notice(text) {
    var box = document.getElementById("passaparola-editor-notice");
    box.textContent = text;
    box.hidden = false;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) { return response.json(); });
  }

  function registerFormats(config) {
    config.collections.forEach(function (collection) {
      var names = collection.fields.map(function (field) { return field.name; });
      window.CMS.registerCustomFormat(collection.format, collection.extension, {
        fromFile: function (text) { return window.PassaparolaFormat.parse(text, names); },
        toFile: function (data, order) {
          return window.PassaparolaFormat.serialize(data, order && order.length ? order : names);
        }
      });
    });
  }

  function start(config) {
    var messages = config.passaparola || {};
    delete config.passaparola;
    if (!window.CMS) {
      notice(messages.not_installed || "The editor is not installed: run make build.");
      return;
    }
    registerFormats(config);
    if (!config.local_backend) {
      window.CMS.init({ config: Object.assign(config, { load_config_file: false }) });
      return;
    }
    var api = new URL(config.local_backend.url, window.location.href).href;
    config.local_backend = { url: api, allowed_hosts: [window.location.hostname] };
    post(api, { action: "info" }).then(function (info) {
      if (!info.paired) {
        notice(messages.not_paired || "Open the editor from the address shown in the terminal.");
        return;
      }
      window.CMS.init({ config: Object.assign(config, { load_config_file: false }) });
    }, function () {
      notice(messages.no_preview || "The preview is not running: start it with invoke serve.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    config_request().then(start);
  });

  function config_request() {
    return fetch("config.json", { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }
})();
