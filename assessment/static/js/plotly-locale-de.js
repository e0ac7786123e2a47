// German for the chart toolbar, axes and hover labels: decimal comma, German dates.
// Loaded after plotly.min.js on German pages only; charts.js asks for it with `locale: "de"`.
(function () {
  "use strict";
  if (!window.Plotly) return;
  window.Plotly.register({
    moduleType: "locale",
    name: "de",
    dictionary: {
      "Download plot as a PNG": "Diagramm als PNG speichern",
      "Download plot as a png": "Diagramm als PNG speichern",
      "Download plot": "Diagramm speichern",
      "Sorry, there was a problem downloading your image!": "Das Bild konnte nicht gespeichert werden.",
      "Double-click to zoom back out": "Doppelklick zeigt wieder alles",
      "Reset axes": "Achsen zurücksetzen",
      "Autoscale": "Automatisch skalieren",
      "Zoom in": "Vergrößern",
      "Zoom out": "Verkleinern"
    },
    format: {
      days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
      shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
      months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
        "Oktober", "November", "Dezember"],
      shortMonths: ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: "."
    }
  });
})();
