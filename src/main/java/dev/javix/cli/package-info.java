/** The command line, a thin shell over the embedding API. */
package dev.javix.cli;
