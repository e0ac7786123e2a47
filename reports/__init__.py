"""Results as pages and PDFs: presenters (plain values), charts, renderers. Uses `scoring`, never `assessment`."""
