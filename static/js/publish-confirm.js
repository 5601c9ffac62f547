// The publishing confirmation (the CSP allows no inline script): once sent, the button cannot
// be pressed again and the page says that the PDF is being made.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("[data-publish-form]");
  if (!form) {
    return;
  }
  for (const button of form.querySelectorAll("button[type=submit]")) {
    button.disabled = true;
  }
  const progress = form.querySelector("[data-publish-progress]");
  if (progress) {
    progress.hidden = false;
  }
});
