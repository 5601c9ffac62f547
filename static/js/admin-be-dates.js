// พ.ศ. in the admin's date boxes: Django's calendar knows only ค.ศ., so its writing (strftime),
// reading (strptime) and month caption are wrapped to use Buddhist Era years. The server accepts
// either era (ita_portal.lib.thai.parse_date: a year above 2400 is พ.ศ.).
(function () {
  "use strict";
  const BE_OFFSET = 543;
  const BE_FLOOR = 2400;

  const strftime = Date.prototype.strftime;
  Date.prototype.strftime = function (format) {
    return strftime.call(this, format.replace(/%Y/g, String(this.getFullYear() + BE_OFFSET)));
  };

  const strptime = String.prototype.strptime;
  String.prototype.strptime = function (format) {
    const date = strptime.call(this, format);
    if (date.getUTCFullYear() > BE_FLOOR) {
      date.setUTCFullYear(date.getUTCFullYear() - BE_OFFSET);
    }
    return date;
  };

  const draw = window.CalendarNamespace.draw;
  window.CalendarNamespace.draw = function (month, year, divId, callback, selected) {
    draw.call(this, month, year, divId, callback, selected);
    const caption = document.querySelector(`#${divId} caption`);
    if (caption) {
      const name = window.CalendarNamespace.monthsOfYear[month - 1];
      caption.textContent = `${name} ${Number(year) + BE_OFFSET}`;
    }
  };
})();
