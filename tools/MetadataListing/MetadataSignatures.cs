using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace TorchActivations.Tools
{
    /// <summary>The surface of an assembly as compiled code sees it: every public or protected type and member
    /// under its metadata name (nested types with '+', generic arity with '`', indexers under their accessor
    /// names such as <c>get_TensorItems</c>), with parameter and return types by full name. Two assemblies
    /// whose lines agree are interchangeable for code compiled against either.</summary>
    public static class MetadataSignatures
    {
        public static IEnumerable<string> Of(Assembly assembly)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var type in assembly.GetTypes().Where(Visible).OrderBy(t => t.FullName, StringComparer.Ordinal)) {
                string owner = type.FullName;
                yield return "type " + owner;
                foreach (var c in type.GetConstructors(flags).Where(c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly))
                    yield return $"{owner}::.ctor({Parameters(c)})";
                // Overrides are left out: calls are compiled against the member that first declared the method.
                foreach (var m in type.GetMethods(flags).Where(m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !IsOverride(m)))
                    yield return $"{owner}::{m.Name}{Arity(m)}({Parameters(m)}) -> {Name(m.ReturnType)}";
                foreach (var f in type.GetFields(flags).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
                    yield return $"{owner}::{f.Name} : {Name(f.FieldType)}";
            }
        }

        private static bool IsOverride(MethodInfo m) => m.IsVirtual && !m.Attributes.HasFlag(MethodAttributes.NewSlot);

        private static bool Visible(Type t) =>
            t.IsPublic || (t.IsNested && (t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem) && Visible(t.DeclaringType));

        private static string Arity(MethodInfo m) => m.IsGenericMethodDefinition ? "``" + m.GetGenericArguments().Length : "";

        private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType)));

        /// <summary>A type by full name; generic parameters by position (!0 of the type, !!0 of the method).</summary>
        public static string Name(Type t)
        {
            if (t.IsByRef) return Name(t.GetElementType()) + "&";
            if (t.IsPointer) return Name(t.GetElementType()) + "*";
            if (t.IsArray) return Name(t.GetElementType()) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
            if (t.IsGenericParameter) return (t.DeclaringMethod != null ? "!!" : "!") + t.GenericParameterPosition;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
                return t.GetGenericTypeDefinition().FullName + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
            return t.FullName ?? t.Name;
        }
    }
}
