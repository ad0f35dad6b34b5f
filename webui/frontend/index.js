// The analyst's modeler bundle: bpmn-js with the standard properties panel, sopflow's provider and
// label fitting, and token simulation of the flow alone. Built by webui/build_assets.py (esbuild) into static/vendor/sopflow/modeler.js.
import BpmnModeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import SopflowPropertiesProvider from "./provider.js";
import LabelFit from "./labelfit.js";
import TokenSimulationModule from "bpmn-js-token-simulation/lib/modeler";
import { SPIFF_DESCRIPTOR, getSpiffProperty, setSpiffProperty } from "./spiff.js";
import { durationWords, parseDuration } from "./durations.js";
import { translateModule } from "./translate.js";

const SopflowModule = {
  __init__: ["sopflowPropertiesProvider", "sopflowLabelFit"],
  sopflowPropertiesProvider: ["type", SopflowPropertiesProvider],
  sopflowLabelFit: ["type", LabelFit]
};

/** A modeler in ``container`` with its properties panel in ``panel``; ``sopflow`` carries the
 * language, the roles of roles.toml, the known forms and the server's expression check. */
function create(container, panel, sopflow) {
  return new BpmnModeler({
    container,
    propertiesPanel: { parent: panel, layout: { groups: { general: { open: true }, sopflow: { open: true }, documentation: { open: true } } } },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, TokenSimulationModule, SopflowModule,
                        translateModule(sopflow && sopflow.lang)],
    moddleExtensions: { spiffworkflow: SPIFF_DESCRIPTOR },
    sopflow
  });
}

window.SopflowModeler = { create, durationWords, parseDuration, getSpiffProperty, setSpiffProperty };
