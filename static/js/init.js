// GOV.UK Frontend's components, started once the page has loaded (a module runs deferred).
import { initAll } from "../vendor/govuk-frontend.min.js";

initAll();
