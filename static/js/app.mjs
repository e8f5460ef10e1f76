// Progressive enhancement only: every task works without JavaScript.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
