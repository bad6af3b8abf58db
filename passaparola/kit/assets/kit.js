// The /kit/ preview page: "Copy the caption" buttons put the caption's text on the clipboard.
"use strict";

function copyWithSelection(element) {
  // Where the Clipboard API is missing or refused: select the text and copy it the old way.
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const copied = document.execCommand("copy");
  selection.removeAllRanges();
  return copied;
}

function announce(text) {
  const status = document.querySelector("[data-copy-status]");
  if (status) {
    status.textContent = text;
  }
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  const source = document.getElementById(button.dataset.copy);
  let copied = false;
  try {
    await navigator.clipboard.writeText(source.textContent);
    copied = true;
  } catch (error) {
    copied = copyWithSelection(source);
  }
  if (copied) {
    button.dataset.done = "true";
    announce(button.dataset.copied);
  }
});
