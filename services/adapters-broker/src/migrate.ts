import 'reflect-metadata';
import { migrateCli } from '@meshplane/service-kit';
import { adaptersBrokerService } from './adapters-broker.service-definition.js';

await migrateCli(adaptersBrokerService);
