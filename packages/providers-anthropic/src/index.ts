export { createAnthropic, switchyardProvider } from './anthropic-provider';
export type {
  AnthropicProvider,
  AnthropicProviderSettings,
} from './anthropic-provider';
export type { AnthropicModelId, AnthropicOptions } from './anthropic-options';
export { VERSION } from './version';
