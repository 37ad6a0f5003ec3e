// Part 1 of the authorization matrix (test/api/authorization-matrix.ts).
import { matrixPart } from './authorization-matrix.js';

matrixPart(1, 2);
