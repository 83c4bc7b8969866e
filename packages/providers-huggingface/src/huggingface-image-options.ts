/** Text-to-image model ids; any other Hub model id is passed through. */
export type HuggingFaceImageModelId =
  | 'black-forest-labs/FLUX.1-schnell'
  | 'black-forest-labs/FLUX.1-dev'
  | 'stabilityai/stable-diffusion-xl-base-1.0'
  | (string & {});

/** Chat model ids; any other Hub model id (with an optional `:provider` suffix) is passed through. */
export type HuggingFaceChatModelId =
  | 'meta-llama/Llama-3.1-8B-Instruct'
  | 'Qwen/Qwen2.5-72B-Instruct'
  | (string & {});
