import { imageSize } from 'image-size';
import { invalid } from '../domain/errors.ts';

/**
 * The header of a photo, read before anything decodes it: a file that is no image, or one whose pixels would
 * take hundreds of megabytes once decoded (a small file can declare a huge canvas), is refused here.
 */

/** About a 40-megapixel phone photo; a business card needs far fewer. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** The formats both the card reader and the model providers take, by what the header says they are. */
const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

export interface ImageFacts {
  /** From the file's own header, whatever the sender declared. */
  mediaType: string;
  width: number;
  height: number;
}

const NOT_A_PHOTO = 'I can read photos in JPEG, PNG or WebP; that file is not one of those.';

export function checkImage(bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): ImageFacts {
  let header: ReturnType<typeof imageSize>;
  try {
    header = imageSize(bytes);
  } catch {
    throw invalid(NOT_A_PHOTO);
  }
  const mediaType = header.type ? MEDIA_TYPES[header.type] : undefined;
  if (!mediaType || !header.width || !header.height) throw invalid(NOT_A_PHOTO);
  if (header.width * header.height > maxPixels) {
    const megapixels = Math.round((header.width * header.height) / 1e6);
    throw invalid(
      `That photo is ${megapixels} megapixels, more than the ${maxPixels / 1e6} I can read. Send a smaller one.`,
    );
  }
  return { mediaType, width: header.width, height: header.height };
}
