import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { providersService } from './providers.service-definition.js';

await migrateCli(providersService);
