/**
 * The Spring Boot 4 starter: {@link dev.vitals.spring.boot.VitalsAutoConfiguration} and its
 * {@code vitals.*} properties ({@link dev.vitals.spring.boot.VitalsProperties}).
 */
package dev.vitals.spring.boot;
