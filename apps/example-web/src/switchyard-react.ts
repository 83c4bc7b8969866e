import { createSwitchyardReact } from '@switchyard/sdk/react';

/** The page's React bindings of the gateway: made once, shared by every panel. */
export const { SwitchyardProvider, useSwitchyard, useSwitchyardClient } =
  createSwitchyardReact();
