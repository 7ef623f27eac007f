import { ObjectType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { Cluster } from './cluster.model.js';
import { KubernetesConnection } from './kubernetes-connection.model.js';

@ObjectType('KubernetesConnectionPage')
export class KubernetesConnectionPage extends connectionOf(KubernetesConnection, 'KubernetesConnection') {}

@ObjectType('ClusterPage')
export class ClusterPage extends connectionOf(Cluster, 'Cluster') {}
