import type { Config } from '../config.ts';

/**
 * The model the settings choose: Gemini when its key is set, else an OpenAI-compatible server when its address
 * and model are; null means the offline engine. Kept apart from model-brain.ts so deciding does not load the
 * AI SDK.
 */
export function configuredModelName(config: Config): string | null {
  if (config.GEMINI_API_KEY) return config.GEMINI_MODEL;
  if (config.OPENAI_BASE_URL && config.OPENAI_MODEL) return config.OPENAI_MODEL;
  return null;
}

/** Whether the chosen model is given photos: Gemini always reads them, an OpenAI-compatible one when told. */
export function modelReadsImages(config: Config): boolean {
  if (config.GEMINI_API_KEY) return true;
  return configuredModelName(config) !== null && config.OPENAI_ACCEPTS_IMAGES;
}
