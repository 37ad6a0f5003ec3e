// Part 2 of the authorization matrix (test/api/authorization-matrix.ts).
import { matrixPart } from './authorization-matrix.js';

matrixPart(2, 2);
