/** The notes service of vitals-example on Spring Boot 4, with Actuator beside Vitals. */
package dev.vitals.example.spring;
