// The public report page (the CSP allows no inline script).
// Buttons marked data-print open the browser's print dialog.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Versions published before the scroll boxes existed have frozen HTML whose wide tables scroll
// by themselves on a phone (report.css): make those focusable so a keyboard can scroll them.
function focusableScrollingTables() {
  for (const table of document.querySelectorAll("table")) {
    if (!table.closest(".table-scroll") && table.scrollWidth > table.clientWidth) {
      table.tabIndex = 0;
    }
  }
}
// Widths settle once the web fonts are in; a phone turned sideways changes them again.
document.fonts.ready.then(focusableScrollingTables);
window.addEventListener("resize", focusableScrollingTables);
