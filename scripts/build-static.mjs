// Builds the front-end assets into build/static (not committed): GOV.UK Frontend
// compiled from its Sass with the GOV.UK brand off, plus the pinned vendor scripts.
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const nm = join(root, "node_modules");

function copy(from, to) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  copyFileSync(join(nm, from), join(out, to));
}

const css = sass.compile(join(root, "static", "scss", "app.scss"), {
  loadPaths: [nm],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
mkdirSync(join(out, "css"), { recursive: true });
writeFileSync(join(out, "css", "app.css"), css.css);

// Each file with what it refers to (its source map, Leaflet's images): the production build's
// collectstatic (a manifest storage) refuses a reference to a file that is not there.
copy("govuk-frontend/dist/govuk/govuk-frontend.min.js", "vendor/govuk-frontend.min.js");
copy("govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "vendor/govuk-frontend.min.js.map");
copy("htmx.org/dist/htmx.min.js", "vendor/htmx.min.js");
copy("leaflet/dist/leaflet.js", "vendor/leaflet/leaflet.js");
copy("leaflet/dist/leaflet.js.map", "vendor/leaflet/leaflet.js.map");
copy("leaflet/dist/leaflet.css", "vendor/leaflet/leaflet.css");
for (const image of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copy(`leaflet/dist/images/${image}`, `vendor/leaflet/images/${image}`);
}
// The PDFs' own font (WeasyPrint loads it through the static-only URL fetcher): each file is
// copied and declared here, once, and static/reports/pdf.css imports the declarations. The
// latin-ext files carry Polish, Czech, Romanian, Turkish and other names. No unicode-range: it
// made fontconfig claim letters the files lack (the Welsh Ŵ came out as an empty box), where
// without it a letter neither file has comes from the system's sans-serif.
const faces = [];
for (const subset of ["latin", "latin-ext"]) {
  for (const weight of ["400", "700"]) {
    for (const style of ["normal", "italic"]) {
      const name = `atkinson-hyperlegible-${subset}-${weight}-${style}.woff`;
      copy(`@fontsource/atkinson-hyperlegible/files/${name}`, `fonts/${name}`);
      faces.push(
        `@font-face { font-family: "Atkinson Hyperlegible"; font-weight: ${weight}; font-style: ${style}; ` +
          `src: url("${name}") format("woff"); }`,
      );
    }
  }
}
writeFileSync(join(out, "fonts", "atkinson-hyperlegible.css"), faces.join("\n") + "\n");
console.log("static assets built in build/static");
