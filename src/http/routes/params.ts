import { z } from 'zod';
import { id } from '../../crm/fields.ts';

export const idParams = z.object({ id });
