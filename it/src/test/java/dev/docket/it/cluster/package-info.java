/**
 * Black-box tests of cluster mode (design note 0006): several Docket servers in one JVM sharing one
 * fresh PostgreSQL database, each driven through its own AWS SDK client, showing that what one node
 * does is seen through the others as on a single node.
 */
package dev.docket.it.cluster;
